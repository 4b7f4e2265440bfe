#!/usr/bin/env python3
"""Coverage peer for the benchmark: GeoPandas.

usage: coverage_geopandas.py SETTLEMENTS.geojson SITES.csv OUT.csv

Reads the settlements (GeoJSON points) and the sites (CSV with id, tech,
lon, lat, radius_m), projects both to UTM zone 50S (EPSG:32750), finds
each settlement's nearest site with sjoin_nearest and writes

    id,nearest_site,distance_m,covered,covered_nearest

covered is true when any site is within its own radius_m of the
settlement (the radius model of kukarcli coverage); covered_nearest only
looks at the nearest site (distance_m <= its radius_m).

GeoPandas' sjoin_nearest needs Shapely >= 2 or PyGEOS. With Debian 12's
GeoPandas 0.12 + Shapely 1.8 neither is there, so the nearest site then
comes from a SciPy k-d tree over the same projected coordinates, which is
the same Euclidean nearest neighbour sjoin_nearest returns for points.
"""

import os
import sys

SYSTEM_PYTHON = "/usr/bin/python3"


def reexec_with_system_python():
    """Run under the distribution's Python when this one lacks GeoPandas.

    exec keeps the process id, so the benchmark still measures this
    process.
    """
    try:
        import geopandas  # noqa: F401
        import scipy  # noqa: F401
    except ImportError:
        if os.path.exists(SYSTEM_PYTHON) and os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON) \
                and not os.environ.get("KUKARCLI_PEER_REEXEC"):
            os.environ["KUKARCLI_PEER_REEXEC"] = "1"
            os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON] + sys.argv)
        raise


def main(argv):
    if len(argv) != 4:
        print("usage: coverage_geopandas.py SETTLEMENTS.geojson SITES.csv OUT.csv", file=sys.stderr)
        return 2
    reexec_with_system_python()
    import numpy as np
    import pandas as pd
    import geopandas as gpd
    import shapely
    from scipy.spatial import cKDTree

    settlements_path, sites_path, out_path = argv[1], argv[2], argv[3]
    utm = "EPSG:32750"  # UTM zone 50S: central meridian 117°E, the middle of Kukar

    settlements = gpd.read_file(settlements_path).to_crs(utm)
    sites_df = pd.read_csv(sites_path, dtype={"id": str})
    sites = gpd.GeoDataFrame(
        sites_df[["id", "radius_m"]].rename(columns={"id": "site_id"}),
        geometry=gpd.points_from_xy(sites_df["lon"], sites_df["lat"]),
        crs="EPSG:4326",
    ).to_crs(utm)
    if len(settlements) == 0 or len(sites) == 0:
        print("coverage_geopandas: no settlements or no sites", file=sys.stderr)
        return 1

    sx, sy = settlements.geometry.x.to_numpy(), settlements.geometry.y.to_numpy()
    tx, ty = sites.geometry.x.to_numpy(), sites.geometry.y.to_numpy()
    radius = sites["radius_m"].to_numpy(dtype=float)

    if shapely.__version__ >= "2" or getattr(gpd.options, "use_pygeos", False):
        joined = gpd.sjoin_nearest(settlements[["id", "geometry"]], sites, how="left", distance_col="distance_m")
        # equidistant sites give several rows: keep the first, as kukarcli
        # keeps one best site
        joined = joined[~joined.index.duplicated(keep="first")]
        nearest_id = joined["site_id"].to_numpy()
        nearest_r = joined["radius_m"].to_numpy(dtype=float)
        dist = joined["distance_m"].to_numpy(dtype=float)
        engine = "sjoin_nearest"
    else:
        d, j = cKDTree(np.column_stack([tx, ty])).query(np.column_stack([sx, sy]), k=1)
        nearest_id = sites["site_id"].to_numpy()[j]
        nearest_r = radius[j]
        dist = d
        engine = "cKDTree (no sjoin_nearest with Shapely %s)" % shapely.__version__

    # any site within its own radius: candidates from a ball of each site's
    # radius around it (query_ball_point takes one radius per site)
    covered = np.zeros(len(settlements), dtype=bool)
    balls = cKDTree(np.column_stack([sx, sy])).query_ball_point(np.column_stack([tx, ty]), r=radius)
    for hits in balls:
        if hits:
            covered[hits] = True

    out = pd.DataFrame({
        "id": settlements["id"].to_numpy(),
        "nearest_site": nearest_id,
        "distance_m": np.round(dist, 1),
        "covered": np.where(covered, "true", "false"),
        "covered_nearest": np.where(dist <= nearest_r, "true", "false"),
    })
    out.to_csv(out_path, index=False)
    print("coverage_geopandas: %d settlements, %d sites, nearest by %s, %d covered"
          % (len(out), len(sites), engine, int(covered.sum())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except Exception as e:  # the benchmark shows the last lines of stderr
        print("coverage_geopandas: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        sys.exit(1)
