// Package calibrate compares a coverage model with the ground and fits it
// to survey data. It is an engine: plain values in, plain values out.
//
// Agreement between a model's covered/not-covered verdicts and a survey's
// is the 2×2 confusion matrix with accuracy, precision, recall and
// Cohen's kappa, κ = (p_o − p_e)/(1 − p_e), the agreement beyond chance
// (J. Cohen, "A coefficient of agreement for nominal scales", Educational
// and Psychological Measurement 20(1), 37–46, 1960).
//
// Against measured received power, the residuals r = measured − predicted
// give the bias (their mean), the RMSE and the standard deviation. Model
// tuning fits, per technology, an offset added to the predicted power and
// optionally a slope multiplying the model's distance term, the classic
// tuning of an empirical path-loss model against drive-test data
// (e.g. ITU-R Report SM.2028 and the COST 231 final report, §4.4: the
// Okumura-Hata form A + B·log10 d with A and B adjusted to measurements):
// with x = −B·log10(d/1 km) the residual is r = offset + (slope − 1)·x,
// solved by ordinary least squares. For yes/no surveys the offset (or a
// radius model's radius scale) is the value on a grid that maximises
// kappa, ties going to the smallest change. k-fold cross-validation
// (folds by a fixed shuffle) reports the out-of-sample error.
package calibrate
