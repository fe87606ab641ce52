;; The log-mel front end (log-mel.ts's LogMelExtractor: periodic Hann window, real FFT of even n_fft packed into
;; a complex FFT of n_fft/2 points, power spectrum, sparse triangular mel filters, 10*log10(max(p, 1e-10)))
;; for four frames at once: every v128 holds the same value of four consecutive frames, one per f32 lane, so
;; the mixed-radix FFT runs unchanged with each scalar replaced by a vector. Compiled at build time
;; (scripts/vite-wat-plugin.mjs) and driven by log-mel-simd.ts, which writes the plan (gather order, window,
;; twiddles, filters) into memory once and the reflect-padded signal per file.
;;
;; Conventions (as in src/ml/kernels/simd-kernels.wat):
;; - Every pointer is a byte address in the imported memory. The complex work rows re/im and the power row
;;   hold one v128 (4 frames) per element: element i is at base + 16 * i.
;; - A counted loop is written `block $x_done / loop $x`: the first br_if leaves, the end steps and branches back.
;; - Arithmetic is float32, as torchaudio's is; log-mel-simd.test.ts bounds the difference from the float64
;;   JavaScript path.
(module
  (import "env" "memory" (memory 1))

  ;; Radix-2 butterflies of one FFT stage: for each column k of the m-point sub-transforms, combine two of them
  ;; in every block of 2m elements. tw holds W^(k*stride) as (re, im) f32 pairs, one per k. nB = n * 16.
  (func $butterfly2 (param $re i32) (param $im i32) (param $nB i32) (param $m i32) (param $tw i32)
    (local $k i32) (local $a i32) (local $b i32) (local $mB i32) (local $block i32)
    (local $wr v128) (local $wi v128) (local $xr v128) (local $xi v128) (local $tr v128) (local $ti v128)
    (local $ar v128) (local $ai v128)
    (local.set $mB (i32.shl (local.get $m) (i32.const 4)))
    (local.set $block (i32.shl (local.get $mB) (i32.const 1)))
    (local.set $k (i32.const 0))
    (block $cols_done
      (loop $cols
        (br_if $cols_done (i32.ge_u (local.get $k) (local.get $m)))
        (local.set $wr (v128.load32_splat (i32.add (local.get $tw) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $wi (v128.load32_splat offset=4 (i32.add (local.get $tw) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $a (i32.shl (local.get $k) (i32.const 4)))
        (block $blocks_done
          (loop $blocks
            (br_if $blocks_done (i32.ge_u (local.get $a) (local.get $nB)))
            (local.set $b (i32.add (local.get $a) (local.get $mB)))
            (local.set $xr (v128.load (i32.add (local.get $re) (local.get $b))))
            (local.set $xi (v128.load (i32.add (local.get $im) (local.get $b))))
            (local.set $tr (f32x4.sub (f32x4.mul (local.get $xr) (local.get $wr)) (f32x4.mul (local.get $xi) (local.get $wi))))
            (local.set $ti (f32x4.add (f32x4.mul (local.get $xr) (local.get $wi)) (f32x4.mul (local.get $xi) (local.get $wr))))
            (local.set $ar (v128.load (i32.add (local.get $re) (local.get $a))))
            (local.set $ai (v128.load (i32.add (local.get $im) (local.get $a))))
            (v128.store (i32.add (local.get $re) (local.get $b)) (f32x4.sub (local.get $ar) (local.get $tr)))
            (v128.store (i32.add (local.get $im) (local.get $b)) (f32x4.sub (local.get $ai) (local.get $ti)))
            (v128.store (i32.add (local.get $re) (local.get $a)) (f32x4.add (local.get $ar) (local.get $tr)))
            (v128.store (i32.add (local.get $im) (local.get $a)) (f32x4.add (local.get $ai) (local.get $ti)))
            (local.set $a (i32.add (local.get $a) (local.get $block)))
            (br $blocks)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $cols)))
  )

  ;; Radix-3 butterflies; tw holds W^(k*stride), W^(2k*stride) per k (4 floats).
  (func $butterfly3 (param $re i32) (param $im i32) (param $nB i32) (param $m i32) (param $tw i32)
    (local $k i32) (local $i0 i32) (local $i1 i32) (local $i2 i32) (local $mB i32) (local $block i32) (local $t i32)
    (local $w1r v128) (local $w1i v128) (local $w2r v128) (local $w2i v128)
    (local $xr v128) (local $xi v128)
    (local $s0r v128) (local $s0i v128) (local $s1r v128) (local $s1i v128) (local $s2r v128) (local $s2i v128)
    (local $s3r v128) (local $s3i v128) (local $hr v128) (local $hi v128) (local $x0r v128) (local $x0i v128)
    (local $epi v128) (local $half v128)
    ;; -sin(60 degrees)
    (local.set $epi (v128.const f32x4 -0.8660254037844386 -0.8660254037844386 -0.8660254037844386 -0.8660254037844386))
    (local.set $half (v128.const f32x4 0.5 0.5 0.5 0.5))
    (local.set $mB (i32.shl (local.get $m) (i32.const 4)))
    (local.set $block (i32.mul (local.get $mB) (i32.const 3)))
    (local.set $k (i32.const 0))
    (block $cols_done
      (loop $cols
        (br_if $cols_done (i32.ge_u (local.get $k) (local.get $m)))
        (local.set $t (i32.add (local.get $tw) (i32.shl (local.get $k) (i32.const 4))))
        (local.set $w1r (v128.load32_splat (local.get $t)))
        (local.set $w1i (v128.load32_splat offset=4 (local.get $t)))
        (local.set $w2r (v128.load32_splat offset=8 (local.get $t)))
        (local.set $w2i (v128.load32_splat offset=12 (local.get $t)))
        (local.set $i0 (i32.shl (local.get $k) (i32.const 4)))
        (block $blocks_done
          (loop $blocks
            (br_if $blocks_done (i32.ge_u (local.get $i0) (local.get $nB)))
            (local.set $i1 (i32.add (local.get $i0) (local.get $mB)))
            (local.set $i2 (i32.add (local.get $i1) (local.get $mB)))
            (local.set $xr (v128.load (i32.add (local.get $re) (local.get $i1))))
            (local.set $xi (v128.load (i32.add (local.get $im) (local.get $i1))))
            (local.set $s1r (f32x4.sub (f32x4.mul (local.get $xr) (local.get $w1r)) (f32x4.mul (local.get $xi) (local.get $w1i))))
            (local.set $s1i (f32x4.add (f32x4.mul (local.get $xr) (local.get $w1i)) (f32x4.mul (local.get $xi) (local.get $w1r))))
            (local.set $xr (v128.load (i32.add (local.get $re) (local.get $i2))))
            (local.set $xi (v128.load (i32.add (local.get $im) (local.get $i2))))
            (local.set $s2r (f32x4.sub (f32x4.mul (local.get $xr) (local.get $w2r)) (f32x4.mul (local.get $xi) (local.get $w2i))))
            (local.set $s2i (f32x4.add (f32x4.mul (local.get $xr) (local.get $w2i)) (f32x4.mul (local.get $xi) (local.get $w2r))))
            (local.set $s3r (f32x4.add (local.get $s1r) (local.get $s2r)))
            (local.set $s3i (f32x4.add (local.get $s1i) (local.get $s2i)))
            (local.set $s0r (f32x4.mul (f32x4.sub (local.get $s1r) (local.get $s2r)) (local.get $epi)))
            (local.set $s0i (f32x4.mul (f32x4.sub (local.get $s1i) (local.get $s2i)) (local.get $epi)))
            (local.set $x0r (v128.load (i32.add (local.get $re) (local.get $i0))))
            (local.set $x0i (v128.load (i32.add (local.get $im) (local.get $i0))))
            (local.set $hr (f32x4.sub (local.get $x0r) (f32x4.mul (local.get $s3r) (local.get $half))))
            (local.set $hi (f32x4.sub (local.get $x0i) (f32x4.mul (local.get $s3i) (local.get $half))))
            (v128.store (i32.add (local.get $re) (local.get $i0)) (f32x4.add (local.get $x0r) (local.get $s3r)))
            (v128.store (i32.add (local.get $im) (local.get $i0)) (f32x4.add (local.get $x0i) (local.get $s3i)))
            (v128.store (i32.add (local.get $re) (local.get $i1)) (f32x4.sub (local.get $hr) (local.get $s0i)))
            (v128.store (i32.add (local.get $im) (local.get $i1)) (f32x4.add (local.get $hi) (local.get $s0r)))
            (v128.store (i32.add (local.get $re) (local.get $i2)) (f32x4.add (local.get $hr) (local.get $s0i)))
            (v128.store (i32.add (local.get $im) (local.get $i2)) (f32x4.sub (local.get $hi) (local.get $s0r)))
            (local.set $i0 (i32.add (local.get $i0) (local.get $block)))
            (br $blocks)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $cols)))
  )

  ;; Radix-4 butterflies (forward: the odd difference is multiplied by -i); tw holds W^(qk*stride), q = 1..3
  ;; per k (6 floats).
  (func $butterfly4 (param $re i32) (param $im i32) (param $nB i32) (param $m i32) (param $tw i32)
    (local $k i32) (local $i0 i32) (local $i1 i32) (local $i2 i32) (local $i3 i32) (local $mB i32) (local $block i32)
    (local $t i32)
    (local $w1r v128) (local $w1i v128) (local $w2r v128) (local $w2i v128) (local $w3r v128) (local $w3i v128)
    (local $xr v128) (local $xi v128)
    (local $s0r v128) (local $s0i v128) (local $s1r v128) (local $s1i v128) (local $s2r v128) (local $s2i v128)
    (local $s3r v128) (local $s3i v128) (local $s4r v128) (local $s4i v128) (local $s5r v128) (local $s5i v128)
    (local $f0r v128) (local $f0i v128) (local $x0r v128) (local $x0i v128)
    (local.set $mB (i32.shl (local.get $m) (i32.const 4)))
    (local.set $block (i32.shl (local.get $mB) (i32.const 2)))
    (local.set $k (i32.const 0))
    (block $cols_done
      (loop $cols
        (br_if $cols_done (i32.ge_u (local.get $k) (local.get $m)))
        (local.set $t (i32.add (local.get $tw) (i32.mul (local.get $k) (i32.const 24))))
        (local.set $w1r (v128.load32_splat (local.get $t)))
        (local.set $w1i (v128.load32_splat offset=4 (local.get $t)))
        (local.set $w2r (v128.load32_splat offset=8 (local.get $t)))
        (local.set $w2i (v128.load32_splat offset=12 (local.get $t)))
        (local.set $w3r (v128.load32_splat offset=16 (local.get $t)))
        (local.set $w3i (v128.load32_splat offset=20 (local.get $t)))
        (local.set $i0 (i32.shl (local.get $k) (i32.const 4)))
        (block $blocks_done
          (loop $blocks
            (br_if $blocks_done (i32.ge_u (local.get $i0) (local.get $nB)))
            (local.set $i1 (i32.add (local.get $i0) (local.get $mB)))
            (local.set $i2 (i32.add (local.get $i1) (local.get $mB)))
            (local.set $i3 (i32.add (local.get $i2) (local.get $mB)))
            (local.set $xr (v128.load (i32.add (local.get $re) (local.get $i1))))
            (local.set $xi (v128.load (i32.add (local.get $im) (local.get $i1))))
            (local.set $s0r (f32x4.sub (f32x4.mul (local.get $xr) (local.get $w1r)) (f32x4.mul (local.get $xi) (local.get $w1i))))
            (local.set $s0i (f32x4.add (f32x4.mul (local.get $xr) (local.get $w1i)) (f32x4.mul (local.get $xi) (local.get $w1r))))
            (local.set $xr (v128.load (i32.add (local.get $re) (local.get $i2))))
            (local.set $xi (v128.load (i32.add (local.get $im) (local.get $i2))))
            (local.set $s1r (f32x4.sub (f32x4.mul (local.get $xr) (local.get $w2r)) (f32x4.mul (local.get $xi) (local.get $w2i))))
            (local.set $s1i (f32x4.add (f32x4.mul (local.get $xr) (local.get $w2i)) (f32x4.mul (local.get $xi) (local.get $w2r))))
            (local.set $xr (v128.load (i32.add (local.get $re) (local.get $i3))))
            (local.set $xi (v128.load (i32.add (local.get $im) (local.get $i3))))
            (local.set $s2r (f32x4.sub (f32x4.mul (local.get $xr) (local.get $w3r)) (f32x4.mul (local.get $xi) (local.get $w3i))))
            (local.set $s2i (f32x4.add (f32x4.mul (local.get $xr) (local.get $w3i)) (f32x4.mul (local.get $xi) (local.get $w3r))))
            (local.set $x0r (v128.load (i32.add (local.get $re) (local.get $i0))))
            (local.set $x0i (v128.load (i32.add (local.get $im) (local.get $i0))))
            (local.set $s5r (f32x4.sub (local.get $x0r) (local.get $s1r)))
            (local.set $s5i (f32x4.sub (local.get $x0i) (local.get $s1i)))
            (local.set $f0r (f32x4.add (local.get $x0r) (local.get $s1r)))
            (local.set $f0i (f32x4.add (local.get $x0i) (local.get $s1i)))
            (local.set $s3r (f32x4.add (local.get $s0r) (local.get $s2r)))
            (local.set $s3i (f32x4.add (local.get $s0i) (local.get $s2i)))
            (local.set $s4r (f32x4.sub (local.get $s0r) (local.get $s2r)))
            (local.set $s4i (f32x4.sub (local.get $s0i) (local.get $s2i)))
            (v128.store (i32.add (local.get $re) (local.get $i2)) (f32x4.sub (local.get $f0r) (local.get $s3r)))
            (v128.store (i32.add (local.get $im) (local.get $i2)) (f32x4.sub (local.get $f0i) (local.get $s3i)))
            (v128.store (i32.add (local.get $re) (local.get $i0)) (f32x4.add (local.get $f0r) (local.get $s3r)))
            (v128.store (i32.add (local.get $im) (local.get $i0)) (f32x4.add (local.get $f0i) (local.get $s3i)))
            (v128.store (i32.add (local.get $re) (local.get $i1)) (f32x4.add (local.get $s5r) (local.get $s4i)))
            (v128.store (i32.add (local.get $im) (local.get $i1)) (f32x4.sub (local.get $s5i) (local.get $s4r)))
            (v128.store (i32.add (local.get $re) (local.get $i3)) (f32x4.sub (local.get $s5r) (local.get $s4i)))
            (v128.store (i32.add (local.get $im) (local.get $i3)) (f32x4.add (local.get $s5i) (local.get $s4r)))
            (local.set $i0 (i32.add (local.get $i0) (local.get $block)))
            (br $blocks)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $cols)))
  )

  ;; Radix-5 butterflies; tw holds W^(qk*stride), q = 1..4 per k (8 floats).
  (func $butterfly5 (param $re i32) (param $im i32) (param $nB i32) (param $m i32) (param $tw i32)
    (local $k i32) (local $i0 i32) (local $i1 i32) (local $i2 i32) (local $i3 i32) (local $i4 i32)
    (local $mB i32) (local $block i32) (local $t i32)
    (local $w1r v128) (local $w1i v128) (local $w2r v128) (local $w2i v128) (local $w3r v128) (local $w3i v128)
    (local $w4r v128) (local $w4i v128)
    (local $xr v128) (local $xi v128)
    (local $s0r v128) (local $s0i v128) (local $s1r v128) (local $s1i v128) (local $s2r v128) (local $s2i v128)
    (local $s3r v128) (local $s3i v128) (local $s4r v128) (local $s4i v128) (local $s5r v128) (local $s5i v128)
    (local $s6r v128) (local $s6i v128) (local $s7r v128) (local $s7i v128) (local $s8r v128) (local $s8i v128)
    (local $s9r v128) (local $s9i v128) (local $s10r v128) (local $s10i v128) (local $s11r v128) (local $s11i v128)
    (local $s12r v128) (local $s12i v128)
    (local $yar v128) (local $yai v128) (local $ybr v128) (local $ybi v128)
    ;; cos(2 pi / 5), -sin(2 pi / 5), cos(4 pi / 5), -sin(4 pi / 5)
    (local.set $yar (v128.const f32x4 0.30901699437494745 0.30901699437494745 0.30901699437494745 0.30901699437494745))
    (local.set $yai (v128.const f32x4 -0.9510565162951535 -0.9510565162951535 -0.9510565162951535 -0.9510565162951535))
    (local.set $ybr (v128.const f32x4 -0.8090169943749475 -0.8090169943749475 -0.8090169943749475 -0.8090169943749475))
    (local.set $ybi (v128.const f32x4 -0.5877852522924731 -0.5877852522924731 -0.5877852522924731 -0.5877852522924731))
    (local.set $mB (i32.shl (local.get $m) (i32.const 4)))
    (local.set $block (i32.mul (local.get $mB) (i32.const 5)))
    (local.set $k (i32.const 0))
    (block $cols_done
      (loop $cols
        (br_if $cols_done (i32.ge_u (local.get $k) (local.get $m)))
        (local.set $t (i32.add (local.get $tw) (i32.shl (local.get $k) (i32.const 5))))
        (local.set $w1r (v128.load32_splat (local.get $t)))
        (local.set $w1i (v128.load32_splat offset=4 (local.get $t)))
        (local.set $w2r (v128.load32_splat offset=8 (local.get $t)))
        (local.set $w2i (v128.load32_splat offset=12 (local.get $t)))
        (local.set $w3r (v128.load32_splat offset=16 (local.get $t)))
        (local.set $w3i (v128.load32_splat offset=20 (local.get $t)))
        (local.set $w4r (v128.load32_splat offset=24 (local.get $t)))
        (local.set $w4i (v128.load32_splat offset=28 (local.get $t)))
        (local.set $i0 (i32.shl (local.get $k) (i32.const 4)))
        (block $blocks_done
          (loop $blocks
            (br_if $blocks_done (i32.ge_u (local.get $i0) (local.get $nB)))
            (local.set $i1 (i32.add (local.get $i0) (local.get $mB)))
            (local.set $i2 (i32.add (local.get $i1) (local.get $mB)))
            (local.set $i3 (i32.add (local.get $i2) (local.get $mB)))
            (local.set $i4 (i32.add (local.get $i3) (local.get $mB)))
            (local.set $xr (v128.load (i32.add (local.get $re) (local.get $i1))))
            (local.set $xi (v128.load (i32.add (local.get $im) (local.get $i1))))
            (local.set $s1r (f32x4.sub (f32x4.mul (local.get $xr) (local.get $w1r)) (f32x4.mul (local.get $xi) (local.get $w1i))))
            (local.set $s1i (f32x4.add (f32x4.mul (local.get $xr) (local.get $w1i)) (f32x4.mul (local.get $xi) (local.get $w1r))))
            (local.set $xr (v128.load (i32.add (local.get $re) (local.get $i2))))
            (local.set $xi (v128.load (i32.add (local.get $im) (local.get $i2))))
            (local.set $s2r (f32x4.sub (f32x4.mul (local.get $xr) (local.get $w2r)) (f32x4.mul (local.get $xi) (local.get $w2i))))
            (local.set $s2i (f32x4.add (f32x4.mul (local.get $xr) (local.get $w2i)) (f32x4.mul (local.get $xi) (local.get $w2r))))
            (local.set $xr (v128.load (i32.add (local.get $re) (local.get $i3))))
            (local.set $xi (v128.load (i32.add (local.get $im) (local.get $i3))))
            (local.set $s3r (f32x4.sub (f32x4.mul (local.get $xr) (local.get $w3r)) (f32x4.mul (local.get $xi) (local.get $w3i))))
            (local.set $s3i (f32x4.add (f32x4.mul (local.get $xr) (local.get $w3i)) (f32x4.mul (local.get $xi) (local.get $w3r))))
            (local.set $xr (v128.load (i32.add (local.get $re) (local.get $i4))))
            (local.set $xi (v128.load (i32.add (local.get $im) (local.get $i4))))
            (local.set $s4r (f32x4.sub (f32x4.mul (local.get $xr) (local.get $w4r)) (f32x4.mul (local.get $xi) (local.get $w4i))))
            (local.set $s4i (f32x4.add (f32x4.mul (local.get $xr) (local.get $w4i)) (f32x4.mul (local.get $xi) (local.get $w4r))))
            (local.set $s7r (f32x4.add (local.get $s1r) (local.get $s4r)))
            (local.set $s7i (f32x4.add (local.get $s1i) (local.get $s4i)))
            (local.set $s10r (f32x4.sub (local.get $s1r) (local.get $s4r)))
            (local.set $s10i (f32x4.sub (local.get $s1i) (local.get $s4i)))
            (local.set $s8r (f32x4.add (local.get $s2r) (local.get $s3r)))
            (local.set $s8i (f32x4.add (local.get $s2i) (local.get $s3i)))
            (local.set $s9r (f32x4.sub (local.get $s2r) (local.get $s3r)))
            (local.set $s9i (f32x4.sub (local.get $s2i) (local.get $s3i)))
            (local.set $s0r (v128.load (i32.add (local.get $re) (local.get $i0))))
            (local.set $s0i (v128.load (i32.add (local.get $im) (local.get $i0))))
            (v128.store (i32.add (local.get $re) (local.get $i0)) (f32x4.add (f32x4.add (local.get $s0r) (local.get $s7r)) (local.get $s8r)))
            (v128.store (i32.add (local.get $im) (local.get $i0)) (f32x4.add (f32x4.add (local.get $s0i) (local.get $s7i)) (local.get $s8i)))
            (local.set $s5r (f32x4.add (f32x4.add (local.get $s0r) (f32x4.mul (local.get $s7r) (local.get $yar))) (f32x4.mul (local.get $s8r) (local.get $ybr))))
            (local.set $s5i (f32x4.add (f32x4.add (local.get $s0i) (f32x4.mul (local.get $s7i) (local.get $yar))) (f32x4.mul (local.get $s8i) (local.get $ybr))))
            (local.set $s6r (f32x4.add (f32x4.mul (local.get $s10i) (local.get $yai)) (f32x4.mul (local.get $s9i) (local.get $ybi))))
            (local.set $s6i (f32x4.sub (f32x4.neg (f32x4.mul (local.get $s10r) (local.get $yai))) (f32x4.mul (local.get $s9r) (local.get $ybi))))
            (v128.store (i32.add (local.get $re) (local.get $i1)) (f32x4.sub (local.get $s5r) (local.get $s6r)))
            (v128.store (i32.add (local.get $im) (local.get $i1)) (f32x4.sub (local.get $s5i) (local.get $s6i)))
            (v128.store (i32.add (local.get $re) (local.get $i4)) (f32x4.add (local.get $s5r) (local.get $s6r)))
            (v128.store (i32.add (local.get $im) (local.get $i4)) (f32x4.add (local.get $s5i) (local.get $s6i)))
            (local.set $s11r (f32x4.add (f32x4.add (local.get $s0r) (f32x4.mul (local.get $s7r) (local.get $ybr))) (f32x4.mul (local.get $s8r) (local.get $yar))))
            (local.set $s11i (f32x4.add (f32x4.add (local.get $s0i) (f32x4.mul (local.get $s7i) (local.get $ybr))) (f32x4.mul (local.get $s8i) (local.get $yar))))
            (local.set $s12r (f32x4.sub (f32x4.mul (local.get $s9i) (local.get $yai)) (f32x4.mul (local.get $s10i) (local.get $ybi))))
            (local.set $s12i (f32x4.sub (f32x4.mul (local.get $s10r) (local.get $ybi)) (f32x4.mul (local.get $s9r) (local.get $yai))))
            (v128.store (i32.add (local.get $re) (local.get $i2)) (f32x4.add (local.get $s11r) (local.get $s12r)))
            (v128.store (i32.add (local.get $im) (local.get $i2)) (f32x4.add (local.get $s11i) (local.get $s12i)))
            (v128.store (i32.add (local.get $re) (local.get $i3)) (f32x4.sub (local.get $s11r) (local.get $s12r)))
            (v128.store (i32.add (local.get $im) (local.get $i3)) (f32x4.sub (local.get $s11i) (local.get $s12i)))
            (local.set $i0 (i32.add (local.get $i0) (local.get $block)))
            (br $blocks)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $cols)))
  )

  ;; 10*log10(max(p, 1e-10)) of four powers: p = 2^e * y with y in [sqrt(1/2), sqrt(2)) by rewriting the exponent
  ;; bits, then ln y = 2 atanh(s), s = (y - 1) / (y + 1), |s| < 0.172, by its odd series to s^9. At or below the
  ;; floor (and NaN) the result is exactly -100, as the JavaScript path's; +Infinity stays +Infinity.
  (func $decibels (param $p v128) (result v128)
    (local $bits v128) (local $y v128) (local $s v128) (local $s2 v128) (local $ln v128) (local $e v128)
    ;; Adding 1 - sqrt(1/2)'s mantissa bits carries into the exponent exactly when the mantissa is >= sqrt(2).
    (local.set $bits (i32x4.add (local.get $p) (v128.const i32x4 0x004afb0d 0x004afb0d 0x004afb0d 0x004afb0d)))
    (local.set $e
      (f32x4.convert_i32x4_s
        (i32x4.sub (i32x4.shr_u (local.get $bits) (i32.const 23)) (v128.const i32x4 127 127 127 127))))
    (local.set $y
      (i32x4.add
        (v128.and (local.get $bits) (v128.const i32x4 0x007fffff 0x007fffff 0x007fffff 0x007fffff))
        (v128.const i32x4 0x3f3504f3 0x3f3504f3 0x3f3504f3 0x3f3504f3)))
    (local.set $s
      (f32x4.div
        (f32x4.sub (local.get $y) (v128.const f32x4 1 1 1 1))
        (f32x4.add (local.get $y) (v128.const f32x4 1 1 1 1))))
    (local.set $s2 (f32x4.mul (local.get $s) (local.get $s)))
    ;; s * (2 + s2 * (2/3 + s2 * (2/5 + s2 * (2/7 + s2 * 2/9))))
    (local.set $ln
      (f32x4.mul (local.get $s)
        (f32x4.add (v128.const f32x4 2 2 2 2)
          (f32x4.mul (local.get $s2)
            (f32x4.add (v128.const f32x4 0.6666666666666666 0.6666666666666666 0.6666666666666666 0.6666666666666666)
              (f32x4.mul (local.get $s2)
                (f32x4.add (v128.const f32x4 0.4 0.4 0.4 0.4)
                  (f32x4.mul (local.get $s2)
                    (f32x4.add (v128.const f32x4 0.2857142857142857 0.2857142857142857 0.2857142857142857 0.2857142857142857)
                      (f32x4.mul (local.get $s2) (v128.const f32x4 0.2222222222222222 0.2222222222222222 0.2222222222222222 0.2222222222222222)))))))))))
    ;; (10 / ln 10) * (e ln 2 + ln y)
    (local.set $ln
      (f32x4.mul (v128.const f32x4 4.342944819032518 4.342944819032518 4.342944819032518 4.342944819032518)
        (f32x4.add (f32x4.mul (local.get $e) (v128.const f32x4 0.6931471805599453 0.6931471805599453 0.6931471805599453 0.6931471805599453))
          (local.get $ln))))
    (v128.bitselect
      (v128.const f32x4 inf inf inf inf)
      (v128.bitselect
        (local.get $ln)
        (v128.const f32x4 -100 -100 -100 -100)
        (f32x4.gt (local.get $p) (v128.const f32x4 1e-10 1e-10 1e-10 1e-10)))
      (f32x4.eq (local.get $p) (v128.const f32x4 inf inf inf inf)))
  )

  ;; dst[i] = src[i] / 32768 for `count` int16 samples at byte address src, as f32 at dst (exact: the int16
  ;; converts exactly and 1/32768 is a power of two). Eight samples per step, then one at a time.
  (func (export "int16ToFloat") (param $src i32) (param $dst i32) (param $count i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $src) (i32.shl (i32.and (local.get $count) (i32.const -8)) (i32.const 1))))
    (block $wide_done
      (loop $wide
        (br_if $wide_done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $v (v128.load (local.get $src)))
        (v128.store (local.get $dst)
          (f32x4.mul (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_s (local.get $v))) (v128.const f32x4 0x1p-15 0x1p-15 0x1p-15 0x1p-15)))
        (v128.store offset=16 (local.get $dst)
          (f32x4.mul (f32x4.convert_i32x4_s (i32x4.extend_high_i16x8_s (local.get $v))) (v128.const f32x4 0x1p-15 0x1p-15 0x1p-15 0x1p-15)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (br $wide)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $count) (i32.const 7)) (i32.const 1))))
    (block $narrow_done
      (loop $narrow
        (br_if $narrow_done (i32.ge_u (local.get $src) (local.get $end)))
        (f32.store (local.get $dst) (f32.mul (f32.convert_i32_s (i32.load16_s (local.get $src))) (f32.const 0x1p-15)))
        (local.set $src (i32.add (local.get $src) (i32.const 2)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $narrow)))
  )

  ;; Log-mel features of `groups` groups of four frames. Frame t starts at byte sig + t * hop of a signal already
  ;; reflect-padded by n_fft / 2 at the front (and readable for three hops past the last frame: those lanes'
  ;; results land past the frames the caller keeps). Writes rows of nMels floats, frame after frame, from `out`.
  ;; The plan at `plan` is ten i32 addresses and counts laid out by log-mel-simd.ts (PLAN_* there):
  ;;   0 inner (complex FFT size, n_fft / 2)   4 hop (bytes)        8 nMels       12 stage count
  ;;  16 gather: i32 byte offset in a frame of FFT input slot i's even sample (the odd one follows)
  ;;  20 windowRe / 24 windowIm: f32 window values at those two samples, per slot
  ;;  28 re / 32 im: work rows, inner v128 each     36 split: W^k, k = 0 .. inner, as f32 (re, im) pairs
  ;;  40 power: inner + 1 v128                      44 melStart: i32 first bin per filter
  ;;  48 melOffset: i32 [nMels + 1] into melWeights 52 melWeights: f32
  ;;  56 stages: per stage i32 radix, m, twiddle address, innermost stage first
  (func (export "logMel") (param $plan i32) (param $sig i32) (param $groups i32) (param $out i32)
    (local $inner i32) (local $hop i32) (local $nMels i32) (local $stageCount i32)
    (local $gather i32) (local $winRe i32) (local $winIm i32) (local $re i32) (local $im i32)
    (local $split i32) (local $power i32) (local $melStart i32) (local $melOffset i32) (local $melWeights i32)
    (local $stages i32)
    (local $nB i32) (local $g i32) (local $frame i32) (local $i i32) (local $p i32) (local $s i32) (local $st i32)
    (local $radix i32) (local $k i32) (local $j i32) (local $mm i32) (local $end i32) (local $bins i32)
    (local $rowB i32)
    (local $vr v128) (local $vi v128)
    (local $zkr v128) (local $zki v128) (local $zjr v128) (local $zji v128)
    (local $ar v128) (local $ai v128) (local $dr v128) (local $di v128) (local $wr v128) (local $wi v128)
    (local $tr v128) (local $ti v128) (local $pr v128) (local $pi v128) (local $qr v128) (local $qi v128)
    (local $acc v128) (local $db v128)
    (local.set $inner (i32.load (local.get $plan)))
    (local.set $hop (i32.load offset=4 (local.get $plan)))
    (local.set $nMels (i32.load offset=8 (local.get $plan)))
    (local.set $stageCount (i32.load offset=12 (local.get $plan)))
    (local.set $gather (i32.load offset=16 (local.get $plan)))
    (local.set $winRe (i32.load offset=20 (local.get $plan)))
    (local.set $winIm (i32.load offset=24 (local.get $plan)))
    (local.set $re (i32.load offset=28 (local.get $plan)))
    (local.set $im (i32.load offset=32 (local.get $plan)))
    (local.set $split (i32.load offset=36 (local.get $plan)))
    (local.set $power (i32.load offset=40 (local.get $plan)))
    (local.set $melStart (i32.load offset=44 (local.get $plan)))
    (local.set $melOffset (i32.load offset=48 (local.get $plan)))
    (local.set $melWeights (i32.load offset=52 (local.get $plan)))
    (local.set $stages (i32.load offset=56 (local.get $plan)))
    (local.set $nB (i32.shl (local.get $inner) (i32.const 4)))
    (local.set $rowB (i32.shl (local.get $nMels) (i32.const 2)))

    (local.set $g (i32.const 0))
    (block $groups_done
      (loop $groups
        (br_if $groups_done (i32.ge_u (local.get $g) (local.get $groups)))
        (local.set $frame (i32.add (local.get $sig) (i32.mul (i32.shl (local.get $g) (i32.const 2)) (local.get $hop))))

        ;; Window, pack even/odd samples as (re, im) and digit-reverse, four frames a hop apart per vector.
        (local.set $i (i32.const 0))
        (block $gather_done
          (loop $gather_loop
            (br_if $gather_done (i32.ge_u (local.get $i) (local.get $inner)))
            (local.set $p (i32.add (local.get $frame) (i32.load (i32.add (local.get $gather) (i32.shl (local.get $i) (i32.const 2))))))
            (local.set $vr (v128.load32_zero (local.get $p)))
            (local.set $vi (v128.load32_zero offset=4 (local.get $p)))
            (local.set $p (i32.add (local.get $p) (local.get $hop)))
            (local.set $vr (v128.load32_lane 1 (local.get $p) (local.get $vr)))
            (local.set $vi (v128.load32_lane offset=4 1 (local.get $p) (local.get $vi)))
            (local.set $p (i32.add (local.get $p) (local.get $hop)))
            (local.set $vr (v128.load32_lane 2 (local.get $p) (local.get $vr)))
            (local.set $vi (v128.load32_lane offset=4 2 (local.get $p) (local.get $vi)))
            (local.set $p (i32.add (local.get $p) (local.get $hop)))
            (local.set $vr (v128.load32_lane 3 (local.get $p) (local.get $vr)))
            (local.set $vi (v128.load32_lane offset=4 3 (local.get $p) (local.get $vi)))
            (local.set $p (i32.shl (local.get $i) (i32.const 2)))
            (v128.store (i32.add (local.get $re) (i32.shl (local.get $i) (i32.const 4)))
              (f32x4.mul (local.get $vr) (v128.load32_splat (i32.add (local.get $winRe) (local.get $p)))))
            (v128.store (i32.add (local.get $im) (i32.shl (local.get $i) (i32.const 4)))
              (f32x4.mul (local.get $vi) (v128.load32_splat (i32.add (local.get $winIm) (local.get $p)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $gather_loop)))

        ;; The complex FFT, stage by stage.
        (local.set $s (i32.const 0))
        (block $stages_done
          (loop $stages_loop
            (br_if $stages_done (i32.ge_u (local.get $s) (local.get $stageCount)))
            (local.set $st (i32.add (local.get $stages) (i32.mul (local.get $s) (i32.const 12))))
            (local.set $radix (i32.load (local.get $st)))
            (if (i32.eq (local.get $radix) (i32.const 4))
              (then (call $butterfly4 (local.get $re) (local.get $im) (local.get $nB) (i32.load offset=4 (local.get $st)) (i32.load offset=8 (local.get $st))))
              (else
                (if (i32.eq (local.get $radix) (i32.const 2))
                  (then (call $butterfly2 (local.get $re) (local.get $im) (local.get $nB) (i32.load offset=4 (local.get $st)) (i32.load offset=8 (local.get $st))))
                  (else
                    (if (i32.eq (local.get $radix) (i32.const 5))
                      (then (call $butterfly5 (local.get $re) (local.get $im) (local.get $nB) (i32.load offset=4 (local.get $st)) (i32.load offset=8 (local.get $st))))
                      (else (call $butterfly3 (local.get $re) (local.get $im) (local.get $nB) (i32.load offset=4 (local.get $st)) (i32.load offset=8 (local.get $st)))))))))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br $stages_loop)))

        ;; Split the packed transform Z into the real frame's power spectrum (log-mel.ts's RealPowerSpectrum.finish):
        ;; with A = Z[k] + conj Z[m-k] and T = W^k (Z[k] - conj Z[m-k]) / i, |X[k]|^2 = |A + T|^2 / 4 and
        ;; |X[m-k]|^2 = |A - T|^2 / 4.
        (local.set $zkr (v128.load (local.get $re)))
        (local.set $zki (v128.load (local.get $im)))
        (local.set $ar (f32x4.add (local.get $zkr) (local.get $zki)))
        (v128.store (local.get $power) (f32x4.mul (local.get $ar) (local.get $ar)))
        (local.set $ar (f32x4.sub (local.get $zkr) (local.get $zki)))
        (v128.store (i32.add (local.get $power) (local.get $nB)) (f32x4.mul (local.get $ar) (local.get $ar)))
        (local.set $k (i32.const 16))
        (local.set $j (i32.sub (local.get $nB) (i32.const 16)))
        (block $split_done
          (loop $split_loop
            (br_if $split_done (i32.ge_u (local.get $k) (local.get $j)))
            (local.set $zkr (v128.load (i32.add (local.get $re) (local.get $k))))
            (local.set $zki (v128.load (i32.add (local.get $im) (local.get $k))))
            (local.set $zjr (v128.load (i32.add (local.get $re) (local.get $j))))
            (local.set $zji (v128.load (i32.add (local.get $im) (local.get $j))))
            (local.set $ar (f32x4.add (local.get $zkr) (local.get $zjr)))
            (local.set $ai (f32x4.sub (local.get $zki) (local.get $zji)))
            (local.set $dr (f32x4.sub (local.get $zkr) (local.get $zjr)))
            (local.set $di (f32x4.add (local.get $zki) (local.get $zji)))
            ;; W^k as an (re, im) pair: 8 bytes per k, k = byte offset / 16.
            (local.set $p (i32.add (local.get $split) (i32.shr_u (local.get $k) (i32.const 1))))
            (local.set $wr (v128.load32_splat (local.get $p)))
            (local.set $wi (v128.load32_splat offset=4 (local.get $p)))
            (local.set $tr (f32x4.add (f32x4.mul (local.get $di) (local.get $wr)) (f32x4.mul (local.get $dr) (local.get $wi))))
            (local.set $ti (f32x4.sub (f32x4.mul (local.get $di) (local.get $wi)) (f32x4.mul (local.get $dr) (local.get $wr))))
            (local.set $pr (f32x4.add (local.get $ar) (local.get $tr)))
            (local.set $pi (f32x4.add (local.get $ai) (local.get $ti)))
            (local.set $qr (f32x4.sub (local.get $ar) (local.get $tr)))
            (local.set $qi (f32x4.sub (local.get $ai) (local.get $ti)))
            (v128.store (i32.add (local.get $power) (local.get $k))
              (f32x4.mul (v128.const f32x4 0.25 0.25 0.25 0.25)
                (f32x4.add (f32x4.mul (local.get $pr) (local.get $pr)) (f32x4.mul (local.get $pi) (local.get $pi)))))
            (v128.store (i32.add (local.get $power) (local.get $j))
              (f32x4.mul (v128.const f32x4 0.25 0.25 0.25 0.25)
                (f32x4.add (f32x4.mul (local.get $qr) (local.get $qr)) (f32x4.mul (local.get $qi) (local.get $qi)))))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (local.set $j (i32.sub (local.get $j) (i32.const 16)))
            (br $split_loop)))
        ;; An even inner size pairs k = inner / 2 with itself: X[inner / 2] = conj Z[inner / 2].
        (if (i32.eqz (i32.and (local.get $inner) (i32.const 1)))
          (then
            (local.set $k (i32.shr_u (local.get $nB) (i32.const 1)))
            (local.set $zkr (v128.load (i32.add (local.get $re) (local.get $k))))
            (local.set $zki (v128.load (i32.add (local.get $im) (local.get $k))))
            (v128.store (i32.add (local.get $power) (local.get $k))
              (f32x4.add (f32x4.mul (local.get $zkr) (local.get $zkr)) (f32x4.mul (local.get $zki) (local.get $zki))))))

        ;; Mel filters (their non-zero runs only), decibels, and each lane's value to its own frame's row.
        (local.set $mm (i32.const 0))
        (block $mels_done
          (loop $mels
            (br_if $mels_done (i32.ge_u (local.get $mm) (local.get $nMels)))
            (local.set $p (i32.add (local.get $melOffset) (i32.shl (local.get $mm) (i32.const 2))))
            (local.set $j (i32.load (local.get $p)))
            (local.set $end (i32.load offset=4 (local.get $p)))
            ;; power element of weight j: melStart[mm] + (j - melOffset[mm]), in bytes.
            (local.set $bins
              (i32.add (local.get $power)
                (i32.shl
                  (i32.sub (i32.load (i32.add (local.get $melStart) (i32.shl (local.get $mm) (i32.const 2)))) (local.get $j))
                  (i32.const 4))))
            (local.set $acc (v128.const f32x4 0 0 0 0))
            (block $taps_done
              (loop $taps
                (br_if $taps_done (i32.ge_u (local.get $j) (local.get $end)))
                (local.set $acc
                  (f32x4.add (local.get $acc)
                    (f32x4.mul
                      (v128.load32_splat (i32.add (local.get $melWeights) (i32.shl (local.get $j) (i32.const 2))))
                      (v128.load (i32.add (local.get $bins) (i32.shl (local.get $j) (i32.const 4)))))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $taps)))
            (local.set $db (call $decibels (local.get $acc)))
            (local.set $p (i32.add (local.get $out) (i32.shl (local.get $mm) (i32.const 2))))
            (v128.store32_lane 0 (local.get $p) (local.get $db))
            (local.set $p (i32.add (local.get $p) (local.get $rowB)))
            (v128.store32_lane 1 (local.get $p) (local.get $db))
            (local.set $p (i32.add (local.get $p) (local.get $rowB)))
            (v128.store32_lane 2 (local.get $p) (local.get $db))
            (local.set $p (i32.add (local.get $p) (local.get $rowB)))
            (v128.store32_lane 3 (local.get $p) (local.get $db))
            (local.set $mm (i32.add (local.get $mm) (i32.const 1)))
            (br $mels)))

        (local.set $out (i32.add (local.get $out) (i32.shl (local.get $rowB) (i32.const 2))))
        (local.set $g (i32.add (local.get $g) (i32.const 1)))
        (br $groups)))
  )
)
