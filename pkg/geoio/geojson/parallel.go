package geojson

import (
	"errors"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"runtime"
)

// The features of a FeatureCollection are decoded in parallel: one
// goroutine frames the values (finding where each feature ends is cheap),
// workers decode batches of them, and Next hands them out in file order,
// reporting problems in that order too, so output and messages do not
// depend on the number of cores.

const (
	batchValues = 1024
	batchBytes  = 1 << 20
	batchQueue  = 8
)

type gjBatch struct {
	buf  []byte
	offs []int // value i is buf[offs[i]:offs[i+1]]
	out  []parsedFeature
	err  error // a framing error after the values
	end  bool  // the features array closed after these values
	done chan struct{}
}

type gjPipeline struct {
	order    chan *gjBatch
	free     chan *gjBatch // batches handed out, back for reuse
	quit     chan struct{}
	finished chan struct{} // closed when the framer has returned
	cur      *gjBatch
	pos      int
}

// startPipeline begins framing the features array (its '[' consumed).
func (g *geojsonReader) startPipeline() {
	workers := runtime.GOMAXPROCS(0)
	p := &gjPipeline{
		order:    make(chan *gjBatch, batchQueue),
		free:     make(chan *gjBatch, 2*batchQueue+workers+2),
		quit:     make(chan struct{}),
		finished: make(chan struct{}),
	}
	work := make(chan *gjBatch, batchQueue)
	for w := 0; w < workers; w++ {
		go func() {
			var dec featureDecoder
			for b := range work {
				for i := 0; i+1 < len(b.offs); i++ {
					v := b.buf[b.offs[i]:b.offs[i+1]]
					raw, err := splitFeature(v)
					if err != nil {
						b.out[i] = parsedFeature{splitErr: err, startsObject: len(v) > 0 && v[0] == '{'}
						continue
					}
					b.out[i] = dec.parseFeature(&raw)
				}
				close(b.done)
			}
		}()
	}
	go g.frame(p, work)
	g.pipe = p
}

// frame runs on its own goroutine and owns g.js until it returns.
func (g *geojsonReader) frame(p *gjPipeline, work chan *gjBatch) {
	defer close(p.finished)
	defer close(work)
	defer close(p.order)
	first := true
	// Batches come back once their features are handed out (features do
	// not point into a batch's buffer), so a file is read with a handful
	// of buffers instead of a new one per thousand features.
	newBatch := func() *gjBatch {
		select {
		case b := <-p.free:
			clear(b.out)
			*b = gjBatch{buf: b.buf[:0], offs: append(b.offs[:0], 0), out: b.out[:0], done: make(chan struct{})}
			return b
		default:
			return &gjBatch{buf: make([]byte, 0, 64<<10), offs: []int{0}, done: make(chan struct{})}
		}
	}
	b := newBatch()
	send := func() bool {
		if n := len(b.offs) - 1; cap(b.out) >= n {
			b.out = b.out[:n]
		} else {
			b.out = make([]parsedFeature, n)
		}
		select {
		case work <- b:
		case <-p.quit:
			return false
		}
		select {
		case p.order <- b:
		case <-p.quit:
			return false
		}
		b = newBatch()
		return true
	}
	for {
		c, ok := g.js.peek()
		if !ok {
			b.err = errJSONEOF
			send()
			return
		}
		if c == ']' {
			g.js.start++
			b.end = true
			send()
			return
		}
		if !first {
			if err := g.js.expect(','); err != nil {
				b.err = err
				send()
				return
			}
		}
		first = false
		v, err := g.js.value()
		if err != nil {
			b.err = err
			send()
			return
		}
		b.buf = append(b.buf, v...)
		b.offs = append(b.offs, len(b.buf))
		if len(b.offs) > batchValues || len(b.buf) >= batchBytes {
			if !send() {
				return
			}
		}
	}
}

// nextFromPipeline returns the next feature of the array, (nil, nil) at
// its end (the pipeline is then gone and g.js free again).
func (g *geojsonReader) nextFromPipeline() (*geoio.Feature, error) {
	p := g.pipe
	for {
		if p.cur == nil {
			b, ok := <-p.order
			if !ok {
				<-p.finished
				g.pipe = nil
				return nil, g.syntaxErr(errJSONEOF)
			}
			<-b.done
			p.cur, p.pos = b, 0
		}
		b := p.cur
		if p.pos < len(b.out) {
			pf := b.out[p.pos]
			p.pos++
			idx := g.index
			g.index++
			if pf.splitErr != nil {
				if pf.startsObject && !errors.Is(pf.splitErr, errJSONEOF) {
					if err := g.skip(idx, "", geoio.ProblemBadRecord, pf.splitErr.Error()); err != nil {
						g.stopPipeline()
						return nil, err
					}
					continue
				}
				g.index = idx
				g.stopPipeline()
				return nil, g.syntaxErr(pf.splitErr)
			}
			f, err := g.deliver(idx, pf)
			if err != nil {
				g.stopPipeline()
				return nil, err
			}
			if f == nil {
				continue
			}
			return f, nil
		}
		p.cur = nil
		berr, bend := b.err, b.end
		select {
		case p.free <- b:
		default:
		}
		if berr != nil {
			g.stopPipeline()
			return nil, g.syntaxErr(berr)
		}
		if bend {
			<-p.finished
			g.pipe = nil
			return nil, nil
		}
	}
}

// stopPipeline ends the framer and waits for it.
func (g *geojsonReader) stopPipeline() {
	p := g.pipe
	if p == nil {
		return
	}
	close(p.quit)
	for range p.order {
	}
	<-p.finished
	g.pipe = nil
}
