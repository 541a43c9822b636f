package demo

import (
	"runtime"
	"sync"
)

// workers is how many goroutines generate rows; results never depend on it.
func workers() int {
	n := runtime.GOMAXPROCS(0)
	if n > 4 {
		n = 4
	}
	return n
}

// parallelFor runs f(i) for every i in [0, n) on a few goroutines. f must
// only touch its own i (each index draws from its own stream).
func parallelFor(n int, f func(i int)) {
	const chunk = 1024
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for lo := range next {
				for i := lo; i < min(lo+chunk, n); i++ {
					f(i)
				}
			}
		}()
	}
	for lo := 0; lo < n; lo += chunk {
		next <- lo
	}
	close(next)
	wg.Wait()
}

// ordered generates blocks 0..n-1 on a few goroutines and hands them to
// consume strictly in block order, so ids assigned while consuming are the
// same on every run. At most a few blocks are buffered.
func ordered[T any](n int, gen func(i int) T, consume func(i int, v T) error) error {
	w := workers()
	slots := make([]chan T, n)
	for i := range slots {
		slots[i] = make(chan T, 1)
	}
	sem := make(chan struct{}, 2*w)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	go func() {
		next := make(chan int)
		for k := 0; k < w; k++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					slots[i] <- gen(i)
				}
			}()
		}
		defer close(next)
		for i := 0; i < n; i++ {
			select {
			case sem <- struct{}{}:
			case <-stop:
				return
			}
			select {
			case next <- i:
			case <-stop:
				return
			}
		}
	}()
	var err error
	for i := 0; i < n && err == nil; i++ {
		v := <-slots[i]
		<-sem
		err = consume(i, v)
	}
	if err != nil {
		close(stop) // slots are buffered, so in-flight workers finish and exit
	}
	return err
}
