;; SIMD loops for what the TF.js wasm backend's XNNPACK kernels lack (depthwise filter gradients, fused batch
;; norm, column sums) or do slowly (aᵀb with a long shared axis, which XNNPACK repacks as weights on every call).
;; Compiled at build time (scripts/vite-wat-plugin.mjs) and instantiated by simd-kernels.ts, which passes in the
;; backend's own memory: the loops read and write tensors in place, 4 float lanes at a time.
;;
;; Conventions:
;; - Every pointer parameter is a byte address in the imported memory; tensors are row-major f32.
;; - `$cb` walks a row in bytes. Each row is done in three passes: 4 v128 per step (16 floats: four independent
;;   chains, so the adds overlap), then 1 v128 (4 floats), then single floats for the last 0..3 columns.
;; - A counted loop is written `block $x_done / loop $x`: the first br_if leaves, the end steps and branches back.
;;   `block $x_next` around a body lets it skip to the next iteration ("continue").
;; - An accumulation over positions is a do-while loop: the callers guarantee at least one position.
;; - Sums are kept in f32 lanes, in the order written here: callers (chunkTotals) keep runs short and add the
;;   partial sums up in doubles.
(module
  ;; The backend's own memory, any size: the loops read and write tensors where the backend keeps them.
  (import "env" "memory" (memory 0))

  ;; Depthwise conv2d filter gradient (channel multiplier 1) of one batch item, added into acc [KH, KW, C]:
  ;;   acc[kh, kw, c] += sum over (oh, ow) of x[oh * sH - top + kh * dH, ow * sW - left + kw * dW, c] * dy[oh, ow, c]
  ;; x is [inH, inW, C], dy is [outH, outW, C]. Taps that fall into the padding contribute nothing, so for each
  ;; (oh, kh, kw) only the output columns whose input column is inside the input are walked.
  (func $depthwiseFilter (export "depthwiseFilter")
    (param $x i32) (param $dy i32) (param $acc i32)
    (param $inH i32) (param $inW i32) (param $C i32) (param $outH i32) (param $outW i32)
    (param $KH i32) (param $KW i32) (param $sH i32) (param $sW i32) (param $dH i32) (param $dW i32)
    (param $top i32) (param $left i32)
    (local $oh i32) (local $kh i32) (local $kw i32)
    (local $ih i32)       ;; input row of tap kh for output row oh
    (local $off i32)      ;; input column of output column 0 for tap kw (may be negative)
    (local $owStart i32)  ;; first output column whose input column is >= 0
    (local $owEnd i32)    ;; one past the last output column whose input column is < inW
    (local $count i32)    ;; owEnd - owStart: positions summed per channel
    (local $xRow i32) (local $dyRow i32) (local $accRow i32)  ;; addresses of channel 0 at owStart / of the tap
    (local $cb i32) (local $px i32) (local $pdy i32) (local $i i32)
    (local $xStep i32)    ;; bytes from one output column's input pixel to the next: sW pixels
    (local $cBytes i32)   ;; bytes per pixel: C floats
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $s f32)
    (local.set $cBytes (i32.mul (local.get $C) (i32.const 4)))
    (local.set $xStep (i32.mul (local.get $sW) (local.get $cBytes)))

    ;; for (oh = 0; oh < outH; oh++)
    (local.set $oh (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $oh) (local.get $outH)))

        ;; for (kh = 0; kh < KH; kh++)
        (local.set $kh (i32.const 0))
        (block $tapRows_done
          (loop $tapRows
            (br_if $tapRows_done (i32.ge_s (local.get $kh) (local.get $KH)))
            (block $tapRows_next
              (local.set $ih
                (i32.add
                  (i32.sub (i32.mul (local.get $oh) (local.get $sH)) (local.get $top))
                  (i32.mul (local.get $kh) (local.get $dH))))
              ;; Rows above the input are negative: as unsigned they are past the end too.
              (br_if $tapRows_next (i32.ge_u (local.get $ih) (local.get $inH)))

              ;; for (kw = 0; kw < KW; kw++)
              (local.set $kw (i32.const 0))
              (block $tapCols_done
                (loop $tapCols
                  (br_if $tapCols_done (i32.ge_s (local.get $kw) (local.get $KW)))
                  (block $tapCols_next
                    ;; Output column ow reads input column ow * sW + off; keep the ow whose column is inside
                    ;; the input: owStart = off >= 0 ? 0 : ceil(-off / sW), owEnd = min(outW, floor((inW - 1 - off) / sW) + 1).
                    (local.set $off (i32.sub (i32.mul (local.get $kw) (local.get $dW)) (local.get $left)))
                    (local.set $owStart
                      (select
                        (i32.const 0)
                        (i32.div_u (i32.sub (i32.sub (local.get $sW) (i32.const 1)) (local.get $off)) (local.get $sW))
                        (i32.ge_s (local.get $off) (i32.const 0))))
                    (local.set $owEnd (i32.sub (i32.sub (local.get $inW) (i32.const 1)) (local.get $off)))
                    (local.set $owEnd
                      (select
                        (i32.const 0)
                        (i32.add (i32.div_u (local.get $owEnd) (local.get $sW)) (i32.const 1))
                        (i32.lt_s (local.get $owEnd) (i32.const 0))))
                    (local.set $owEnd
                      (select (local.get $outW) (local.get $owEnd) (i32.gt_s (local.get $owEnd) (local.get $outW))))
                    (local.set $count (i32.sub (local.get $owEnd) (local.get $owStart)))
                    (br_if $tapCols_next (i32.le_s (local.get $count) (i32.const 0)))

                    ;; xRow = &x[ih, owStart * sW + off, 0], dyRow = &dy[oh, owStart, 0], accRow = &acc[kh, kw, 0]
                    (local.set $xRow
                      (i32.add (local.get $x)
                        (i32.mul
                          (i32.add
                            (i32.add (i32.mul (local.get $ih) (local.get $inW)) (i32.mul (local.get $owStart) (local.get $sW)))
                            (local.get $off))
                          (local.get $cBytes))))
                    (local.set $dyRow
                      (i32.add (local.get $dy)
                        (i32.mul
                          (i32.add (i32.mul (local.get $oh) (local.get $outW)) (local.get $owStart))
                          (local.get $cBytes))))
                    (local.set $accRow
                      (i32.add (local.get $acc)
                        (i32.mul
                          (i32.add (i32.mul (local.get $kh) (local.get $KW)) (local.get $kw))
                          (local.get $cBytes))))

                    ;; 16 channels at a time: for (cb = 0; cb < cBytes - 60; cb += 64)
                    (local.set $cb (i32.const 0))
                    (block $wide_done
                      (loop $wide
                        (br_if $wide_done (i32.ge_s (local.get $cb) (i32.sub (local.get $cBytes) (i32.const 60))))
                        (local.set $px (i32.add (local.get $xRow) (local.get $cb)))
                        (local.set $pdy (i32.add (local.get $dyRow) (local.get $cb)))
                        (local.set $i (local.get $count))
                        (local.set $r0 (v128.const f32x4 0 0 0 0))
                        (local.set $r1 (v128.const f32x4 0 0 0 0))
                        (local.set $r2 (v128.const f32x4 0 0 0 0))
                        (local.set $r3 (v128.const f32x4 0 0 0 0))
                        (loop $positions
                          (local.set $r0 (f32x4.add (local.get $r0)
                            (f32x4.mul (v128.load (local.get $px)) (v128.load (local.get $pdy)))))
                          (local.set $r1 (f32x4.add (local.get $r1)
                            (f32x4.mul (v128.load offset=16 (local.get $px)) (v128.load offset=16 (local.get $pdy)))))
                          (local.set $r2 (f32x4.add (local.get $r2)
                            (f32x4.mul (v128.load offset=32 (local.get $px)) (v128.load offset=32 (local.get $pdy)))))
                          (local.set $r3 (f32x4.add (local.get $r3)
                            (f32x4.mul (v128.load offset=48 (local.get $px)) (v128.load offset=48 (local.get $pdy)))))
                          (local.set $px (i32.add (local.get $px) (local.get $xStep)))
                          (local.set $pdy (i32.add (local.get $pdy) (local.get $cBytes)))
                          (local.set $i (i32.sub (local.get $i) (i32.const 1)))
                          (br_if $positions (local.get $i)))
                        (v128.store (i32.add (local.get $accRow) (local.get $cb))
                          (f32x4.add (v128.load (i32.add (local.get $accRow) (local.get $cb))) (local.get $r0)))
                        (v128.store offset=16 (i32.add (local.get $accRow) (local.get $cb))
                          (f32x4.add (v128.load offset=16 (i32.add (local.get $accRow) (local.get $cb))) (local.get $r1)))
                        (v128.store offset=32 (i32.add (local.get $accRow) (local.get $cb))
                          (f32x4.add (v128.load offset=32 (i32.add (local.get $accRow) (local.get $cb))) (local.get $r2)))
                        (v128.store offset=48 (i32.add (local.get $accRow) (local.get $cb))
                          (f32x4.add (v128.load offset=48 (i32.add (local.get $accRow) (local.get $cb))) (local.get $r3)))
                        (local.set $cb (i32.add (local.get $cb) (i32.const 64)))
                        (br $wide)))

                    ;; 4 channels at a time: for (; cb < cBytes - 12; cb += 16)
                    (block $vector_done
                      (loop $vector
                        (br_if $vector_done (i32.ge_s (local.get $cb) (i32.sub (local.get $cBytes) (i32.const 12))))
                        (local.set $px (i32.add (local.get $xRow) (local.get $cb)))
                        (local.set $pdy (i32.add (local.get $dyRow) (local.get $cb)))
                        (local.set $i (local.get $count))
                        (local.set $r0 (v128.const f32x4 0 0 0 0))
                        (loop $positions
                          (local.set $r0 (f32x4.add (local.get $r0)
                            (f32x4.mul (v128.load (local.get $px)) (v128.load (local.get $pdy)))))
                          (local.set $px (i32.add (local.get $px) (local.get $xStep)))
                          (local.set $pdy (i32.add (local.get $pdy) (local.get $cBytes)))
                          (local.set $i (i32.sub (local.get $i) (i32.const 1)))
                          (br_if $positions (local.get $i)))
                        (v128.store (i32.add (local.get $accRow) (local.get $cb))
                          (f32x4.add (v128.load (i32.add (local.get $accRow) (local.get $cb))) (local.get $r0)))
                        (local.set $cb (i32.add (local.get $cb) (i32.const 16)))
                        (br $vector)))

                    ;; The last channels one at a time: for (; cb < cBytes; cb += 4)
                    (block $scalar_done
                      (loop $scalar
                        (br_if $scalar_done (i32.ge_s (local.get $cb) (local.get $cBytes)))
                        (local.set $px (i32.add (local.get $xRow) (local.get $cb)))
                        (local.set $pdy (i32.add (local.get $dyRow) (local.get $cb)))
                        (local.set $i (local.get $count))
                        (local.set $s (f32.const 0))
                        (loop $positions
                          (local.set $s (f32.add (local.get $s)
                            (f32.mul (f32.load (local.get $px)) (f32.load (local.get $pdy)))))
                          (local.set $px (i32.add (local.get $px) (local.get $xStep)))
                          (local.set $pdy (i32.add (local.get $pdy) (local.get $cBytes)))
                          (local.set $i (i32.sub (local.get $i) (i32.const 1)))
                          (br_if $positions (local.get $i)))
                        (f32.store (i32.add (local.get $accRow) (local.get $cb))
                          (f32.add (f32.load (i32.add (local.get $accRow) (local.get $cb))) (local.get $s)))
                        (local.set $cb (i32.add (local.get $cb) (i32.const 4)))
                        (br $scalar))))

                  (local.set $kw (i32.add (local.get $kw) (i32.const 1)))
                  (br $tapCols))))

            (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
            (br $tapRows)))

        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br $rows))))

  ;; out[m, n] += sum over p < rows of a[p, m] * b[p, n]: aᵀb of a [rows, M] and a [rows, N] matrix, a filter
  ;; gradient's shape (rows = batch x positions, long; M and N = channels, short). The rows are taken in blocks
  ;; of `block`, so that one block of a and b stays in cache while every tile of out is swept over it.
  ;;
  ;; A tile is 4 rows of out by 8 columns (two v128), held in eight accumulators; each step loads 4 floats of a
  ;; (splatted one by one) and 8 of b. 4 rows x 2 vectors measured fastest of 1x4 .. 6x2 on 64 x 64 filters (the
  ;; accumulators, the splat and both b vectors stay in registers). Remainders take narrower tiles: 4 rows by
  ;; 4 columns, by 1 column; the last M % 4 rows of out one at a time, by 8, 4 and 1 columns.
  (func $matMulTN (export "matMulTN")
    (param $a i32) (param $b i32) (param $out i32) (param $rows i32) (param $M i32) (param $N i32) (param $block i32)
    (local $p0 i32)      ;; first row of the current block
    (local $count i32)   ;; rows in the current block: min(block, rows - p0)
    (local $m i32)       ;; first row of out in the tile
    (local $nb i32)      ;; first column of out in the tile
    (local $pa i32) (local $pb i32) (local $i i32)
    (local $aStep i32) (local $bStep i32)    ;; bytes per row of a, of b (and of out)
    (local $aBlock i32) (local $bBlock i32)  ;; &a[p0, 0], &b[p0, 0]
    (local $po i32)      ;; &out[m + r, nb] of the row being stored
    ;; Accumulators: $r<row>_<vector> for vector tiles, $t<row> for one-column tiles.
    (local $r0_0 v128) (local $r0_1 v128) (local $r1_0 v128) (local $r1_1 v128)
    (local $r2_0 v128) (local $r2_1 v128) (local $r3_0 v128) (local $r3_1 v128)
    (local $s v128)               ;; a[p, m + r] in all four lanes
    (local $b0 v128) (local $b1 v128)  ;; b[p, nb .. nb + 7]
    (local $sb f32)               ;; b[p, nb] in one-column tiles
    (local $t0 f32) (local $t1 f32) (local $t2 f32) (local $t3 f32)
    (local.set $aStep (i32.mul (local.get $M) (i32.const 4)))
    (local.set $bStep (i32.mul (local.get $N) (i32.const 4)))

    ;; for (p0 = 0; p0 < rows; p0 += block)
    (local.set $p0 (i32.const 0))
    (block $blocks_done
      (loop $blocks
        (br_if $blocks_done (i32.ge_s (local.get $p0) (local.get $rows)))
        (local.set $count (i32.sub (local.get $rows) (local.get $p0)))
        (local.set $count (select (local.get $block) (local.get $count) (i32.gt_s (local.get $count) (local.get $block))))
        (local.set $aBlock (i32.add (local.get $a) (i32.mul (local.get $p0) (local.get $aStep))))
        (local.set $bBlock (i32.add (local.get $b) (i32.mul (local.get $p0) (local.get $bStep))))

        ;; Four rows of out at a time: for (m = 0; m < M - 3; m += 4)
        (local.set $m (i32.const 0))
        (block $tall_done
          (loop $tall
            (br_if $tall_done (i32.ge_s (local.get $m) (i32.sub (local.get $M) (i32.const 3))))

            ;; 4 x 8 tiles: for (nb = 0; nb < N - 7; nb += 8)
            (local.set $nb (i32.const 0))
            (block $tall_wide_done
              (loop $tall_wide
                (br_if $tall_wide_done (i32.ge_s (local.get $nb) (i32.sub (local.get $N) (i32.const 7))))
                (local.set $r0_0 (v128.const f32x4 0 0 0 0))
                (local.set $r0_1 (v128.const f32x4 0 0 0 0))
                (local.set $r1_0 (v128.const f32x4 0 0 0 0))
                (local.set $r1_1 (v128.const f32x4 0 0 0 0))
                (local.set $r2_0 (v128.const f32x4 0 0 0 0))
                (local.set $r2_1 (v128.const f32x4 0 0 0 0))
                (local.set $r3_0 (v128.const f32x4 0 0 0 0))
                (local.set $r3_1 (v128.const f32x4 0 0 0 0))
                (local.set $pa (i32.add (local.get $aBlock) (i32.mul (local.get $m) (i32.const 4))))
                (local.set $pb (i32.add (local.get $bBlock) (i32.mul (local.get $nb) (i32.const 4))))
                (local.set $i (local.get $count))
                (loop $positions
                  (local.set $b0 (v128.load (local.get $pb)))
                  (local.set $b1 (v128.load offset=16 (local.get $pb)))
                  (local.set $s (f32x4.splat (f32.load (local.get $pa))))
                  (local.set $r0_0 (f32x4.add (local.get $r0_0) (f32x4.mul (local.get $s) (local.get $b0))))
                  (local.set $r0_1 (f32x4.add (local.get $r0_1) (f32x4.mul (local.get $s) (local.get $b1))))
                  (local.set $s (f32x4.splat (f32.load offset=4 (local.get $pa))))
                  (local.set $r1_0 (f32x4.add (local.get $r1_0) (f32x4.mul (local.get $s) (local.get $b0))))
                  (local.set $r1_1 (f32x4.add (local.get $r1_1) (f32x4.mul (local.get $s) (local.get $b1))))
                  (local.set $s (f32x4.splat (f32.load offset=8 (local.get $pa))))
                  (local.set $r2_0 (f32x4.add (local.get $r2_0) (f32x4.mul (local.get $s) (local.get $b0))))
                  (local.set $r2_1 (f32x4.add (local.get $r2_1) (f32x4.mul (local.get $s) (local.get $b1))))
                  (local.set $s (f32x4.splat (f32.load offset=12 (local.get $pa))))
                  (local.set $r3_0 (f32x4.add (local.get $r3_0) (f32x4.mul (local.get $s) (local.get $b0))))
                  (local.set $r3_1 (f32x4.add (local.get $r3_1) (f32x4.mul (local.get $s) (local.get $b1))))
                  (local.set $pa (i32.add (local.get $pa) (local.get $aStep)))
                  (local.set $pb (i32.add (local.get $pb) (local.get $bStep)))
                  (local.set $i (i32.sub (local.get $i) (i32.const 1)))
                  (br_if $positions (local.get $i)))
                ;; po = &out[m, nb], then one row of out (bStep bytes) further for each tile row.
                (local.set $po (i32.add (local.get $out)
                  (i32.mul (i32.add (i32.mul (local.get $m) (local.get $N)) (local.get $nb)) (i32.const 4))))
                (v128.store (local.get $po) (f32x4.add (v128.load (local.get $po)) (local.get $r0_0)))
                (v128.store offset=16 (local.get $po) (f32x4.add (v128.load offset=16 (local.get $po)) (local.get $r0_1)))
                (local.set $po (i32.add (local.get $po) (local.get $bStep)))
                (v128.store (local.get $po) (f32x4.add (v128.load (local.get $po)) (local.get $r1_0)))
                (v128.store offset=16 (local.get $po) (f32x4.add (v128.load offset=16 (local.get $po)) (local.get $r1_1)))
                (local.set $po (i32.add (local.get $po) (local.get $bStep)))
                (v128.store (local.get $po) (f32x4.add (v128.load (local.get $po)) (local.get $r2_0)))
                (v128.store offset=16 (local.get $po) (f32x4.add (v128.load offset=16 (local.get $po)) (local.get $r2_1)))
                (local.set $po (i32.add (local.get $po) (local.get $bStep)))
                (v128.store (local.get $po) (f32x4.add (v128.load (local.get $po)) (local.get $r3_0)))
                (v128.store offset=16 (local.get $po) (f32x4.add (v128.load offset=16 (local.get $po)) (local.get $r3_1)))
                (local.set $nb (i32.add (local.get $nb) (i32.const 8)))
                (br $tall_wide)))

            ;; 4 x 4 tiles: for (; nb < N - 3; nb += 4)
            (block $tall_vector_done
              (loop $tall_vector
                (br_if $tall_vector_done (i32.ge_s (local.get $nb) (i32.sub (local.get $N) (i32.const 3))))
                (local.set $r0_0 (v128.const f32x4 0 0 0 0))
                (local.set $r1_0 (v128.const f32x4 0 0 0 0))
                (local.set $r2_0 (v128.const f32x4 0 0 0 0))
                (local.set $r3_0 (v128.const f32x4 0 0 0 0))
                (local.set $pa (i32.add (local.get $aBlock) (i32.mul (local.get $m) (i32.const 4))))
                (local.set $pb (i32.add (local.get $bBlock) (i32.mul (local.get $nb) (i32.const 4))))
                (local.set $i (local.get $count))
                (loop $positions
                  (local.set $b0 (v128.load (local.get $pb)))
                  (local.set $s (f32x4.splat (f32.load (local.get $pa))))
                  (local.set $r0_0 (f32x4.add (local.get $r0_0) (f32x4.mul (local.get $s) (local.get $b0))))
                  (local.set $s (f32x4.splat (f32.load offset=4 (local.get $pa))))
                  (local.set $r1_0 (f32x4.add (local.get $r1_0) (f32x4.mul (local.get $s) (local.get $b0))))
                  (local.set $s (f32x4.splat (f32.load offset=8 (local.get $pa))))
                  (local.set $r2_0 (f32x4.add (local.get $r2_0) (f32x4.mul (local.get $s) (local.get $b0))))
                  (local.set $s (f32x4.splat (f32.load offset=12 (local.get $pa))))
                  (local.set $r3_0 (f32x4.add (local.get $r3_0) (f32x4.mul (local.get $s) (local.get $b0))))
                  (local.set $pa (i32.add (local.get $pa) (local.get $aStep)))
                  (local.set $pb (i32.add (local.get $pb) (local.get $bStep)))
                  (local.set $i (i32.sub (local.get $i) (i32.const 1)))
                  (br_if $positions (local.get $i)))
                (local.set $po (i32.add (local.get $out)
                  (i32.mul (i32.add (i32.mul (local.get $m) (local.get $N)) (local.get $nb)) (i32.const 4))))
                (v128.store (local.get $po) (f32x4.add (v128.load (local.get $po)) (local.get $r0_0)))
                (local.set $po (i32.add (local.get $po) (local.get $bStep)))
                (v128.store (local.get $po) (f32x4.add (v128.load (local.get $po)) (local.get $r1_0)))
                (local.set $po (i32.add (local.get $po) (local.get $bStep)))
                (v128.store (local.get $po) (f32x4.add (v128.load (local.get $po)) (local.get $r2_0)))
                (local.set $po (i32.add (local.get $po) (local.get $bStep)))
                (v128.store (local.get $po) (f32x4.add (v128.load (local.get $po)) (local.get $r3_0)))
                (local.set $nb (i32.add (local.get $nb) (i32.const 4)))
                (br $tall_vector)))

            ;; 4 x 1 tiles: for (; nb < N; nb++)
            (block $tall_scalar_done
              (loop $tall_scalar
                (br_if $tall_scalar_done (i32.ge_s (local.get $nb) (local.get $N)))
                (local.set $t0 (f32.const 0))
                (local.set $t1 (f32.const 0))
                (local.set $t2 (f32.const 0))
                (local.set $t3 (f32.const 0))
                (local.set $pa (i32.add (local.get $aBlock) (i32.mul (local.get $m) (i32.const 4))))
                (local.set $pb (i32.add (local.get $bBlock) (i32.mul (local.get $nb) (i32.const 4))))
                (local.set $i (local.get $count))
                (loop $positions
                  (local.set $sb (f32.load (local.get $pb)))
                  (local.set $t0 (f32.add (local.get $t0) (f32.mul (f32.load (local.get $pa)) (local.get $sb))))
                  (local.set $t1 (f32.add (local.get $t1) (f32.mul (f32.load offset=4 (local.get $pa)) (local.get $sb))))
                  (local.set $t2 (f32.add (local.get $t2) (f32.mul (f32.load offset=8 (local.get $pa)) (local.get $sb))))
                  (local.set $t3 (f32.add (local.get $t3) (f32.mul (f32.load offset=12 (local.get $pa)) (local.get $sb))))
                  (local.set $pa (i32.add (local.get $pa) (local.get $aStep)))
                  (local.set $pb (i32.add (local.get $pb) (local.get $bStep)))
                  (local.set $i (i32.sub (local.get $i) (i32.const 1)))
                  (br_if $positions (local.get $i)))
                (local.set $po (i32.add (local.get $out)
                  (i32.mul (i32.add (i32.mul (local.get $m) (local.get $N)) (local.get $nb)) (i32.const 4))))
                (f32.store (local.get $po) (f32.add (f32.load (local.get $po)) (local.get $t0)))
                (local.set $po (i32.add (local.get $po) (local.get $bStep)))
                (f32.store (local.get $po) (f32.add (f32.load (local.get $po)) (local.get $t1)))
                (local.set $po (i32.add (local.get $po) (local.get $bStep)))
                (f32.store (local.get $po) (f32.add (f32.load (local.get $po)) (local.get $t2)))
                (local.set $po (i32.add (local.get $po) (local.get $bStep)))
                (f32.store (local.get $po) (f32.add (f32.load (local.get $po)) (local.get $t3)))
                (local.set $nb (i32.add (local.get $nb) (i32.const 1)))
                (br $tall_scalar)))

            (local.set $m (i32.add (local.get $m) (i32.const 4)))
            (br $tall)))

        ;; The last M % 4 rows of out one at a time: for (; m < M; m++)
        (block $single_done
          (loop $single
            (br_if $single_done (i32.ge_s (local.get $m) (local.get $M)))

            ;; 1 x 8 tiles: for (nb = 0; nb < N - 7; nb += 8)
            (local.set $nb (i32.const 0))
            (block $single_wide_done
              (loop $single_wide
                (br_if $single_wide_done (i32.ge_s (local.get $nb) (i32.sub (local.get $N) (i32.const 7))))
                (local.set $r0_0 (v128.const f32x4 0 0 0 0))
                (local.set $r0_1 (v128.const f32x4 0 0 0 0))
                (local.set $pa (i32.add (local.get $aBlock) (i32.mul (local.get $m) (i32.const 4))))
                (local.set $pb (i32.add (local.get $bBlock) (i32.mul (local.get $nb) (i32.const 4))))
                (local.set $i (local.get $count))
                (loop $positions
                  (local.set $b0 (v128.load (local.get $pb)))
                  (local.set $b1 (v128.load offset=16 (local.get $pb)))
                  (local.set $s (f32x4.splat (f32.load (local.get $pa))))
                  (local.set $r0_0 (f32x4.add (local.get $r0_0) (f32x4.mul (local.get $s) (local.get $b0))))
                  (local.set $r0_1 (f32x4.add (local.get $r0_1) (f32x4.mul (local.get $s) (local.get $b1))))
                  (local.set $pa (i32.add (local.get $pa) (local.get $aStep)))
                  (local.set $pb (i32.add (local.get $pb) (local.get $bStep)))
                  (local.set $i (i32.sub (local.get $i) (i32.const 1)))
                  (br_if $positions (local.get $i)))
                (local.set $po (i32.add (local.get $out)
                  (i32.mul (i32.add (i32.mul (local.get $m) (local.get $N)) (local.get $nb)) (i32.const 4))))
                (v128.store (local.get $po) (f32x4.add (v128.load (local.get $po)) (local.get $r0_0)))
                (v128.store offset=16 (local.get $po) (f32x4.add (v128.load offset=16 (local.get $po)) (local.get $r0_1)))
                (local.set $nb (i32.add (local.get $nb) (i32.const 8)))
                (br $single_wide)))

            ;; 1 x 4 tiles: for (; nb < N - 3; nb += 4)
            (block $single_vector_done
              (loop $single_vector
                (br_if $single_vector_done (i32.ge_s (local.get $nb) (i32.sub (local.get $N) (i32.const 3))))
                (local.set $r0_0 (v128.const f32x4 0 0 0 0))
                (local.set $pa (i32.add (local.get $aBlock) (i32.mul (local.get $m) (i32.const 4))))
                (local.set $pb (i32.add (local.get $bBlock) (i32.mul (local.get $nb) (i32.const 4))))
                (local.set $i (local.get $count))
                (loop $positions
                  (local.set $b0 (v128.load (local.get $pb)))
                  (local.set $s (f32x4.splat (f32.load (local.get $pa))))
                  (local.set $r0_0 (f32x4.add (local.get $r0_0) (f32x4.mul (local.get $s) (local.get $b0))))
                  (local.set $pa (i32.add (local.get $pa) (local.get $aStep)))
                  (local.set $pb (i32.add (local.get $pb) (local.get $bStep)))
                  (local.set $i (i32.sub (local.get $i) (i32.const 1)))
                  (br_if $positions (local.get $i)))
                (local.set $po (i32.add (local.get $out)
                  (i32.mul (i32.add (i32.mul (local.get $m) (local.get $N)) (local.get $nb)) (i32.const 4))))
                (v128.store (local.get $po) (f32x4.add (v128.load (local.get $po)) (local.get $r0_0)))
                (local.set $nb (i32.add (local.get $nb) (i32.const 4)))
                (br $single_vector)))

            ;; 1 x 1 tiles: for (; nb < N; nb++)
            (block $single_scalar_done
              (loop $single_scalar
                (br_if $single_scalar_done (i32.ge_s (local.get $nb) (local.get $N)))
                (local.set $t0 (f32.const 0))
                (local.set $pa (i32.add (local.get $aBlock) (i32.mul (local.get $m) (i32.const 4))))
                (local.set $pb (i32.add (local.get $bBlock) (i32.mul (local.get $nb) (i32.const 4))))
                (local.set $i (local.get $count))
                (loop $positions
                  (local.set $sb (f32.load (local.get $pb)))
                  (local.set $t0 (f32.add (local.get $t0) (f32.mul (f32.load (local.get $pa)) (local.get $sb))))
                  (local.set $pa (i32.add (local.get $pa) (local.get $aStep)))
                  (local.set $pb (i32.add (local.get $pb) (local.get $bStep)))
                  (local.set $i (i32.sub (local.get $i) (i32.const 1)))
                  (br_if $positions (local.get $i)))
                (local.set $po (i32.add (local.get $out)
                  (i32.mul (i32.add (i32.mul (local.get $m) (local.get $N)) (local.get $nb)) (i32.const 4))))
                (f32.store (local.get $po) (f32.add (f32.load (local.get $po)) (local.get $t0)))
                (local.set $nb (i32.add (local.get $nb) (i32.const 1)))
                (br $single_scalar)))

            (local.set $m (i32.add (local.get $m) (i32.const 1)))
            (br $single)))

        (local.set $p0 (i32.add (local.get $p0) (local.get $block)))
        (br $blocks))))

  ;; The passes below walk [rows, cols] tensors row by row (their pointers advance one row, cBytes, per row)
  ;; against [cols] vectors that are the same for every row: column sums (reduce-leading-axes.ts) and the fused
  ;; batch-norm passes (batch-norm-kernels.ts). Each does the same per-lane work in its three column loops.

  ;; dst[c] += sum over r of src[r, c].
  (func $sumRows (export "sumRows") (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (local $r i32) (local $cb i32) (local $cBytes i32)
    (local.set $cBytes (i32.mul (local.get $cols) (i32.const 4)))
    (local.set $r (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $cb (i32.const 0))
        (block $wide_done
          (loop $wide
            (br_if $wide_done (i32.ge_s (local.get $cb) (i32.sub (local.get $cBytes) (i32.const 60))))
            (v128.store (i32.add (local.get $dst) (local.get $cb))
              (f32x4.add (v128.load (i32.add (local.get $dst) (local.get $cb)))
                         (v128.load (i32.add (local.get $src) (local.get $cb)))))
            (v128.store offset=16 (i32.add (local.get $dst) (local.get $cb))
              (f32x4.add (v128.load offset=16 (i32.add (local.get $dst) (local.get $cb)))
                         (v128.load offset=16 (i32.add (local.get $src) (local.get $cb)))))
            (v128.store offset=32 (i32.add (local.get $dst) (local.get $cb))
              (f32x4.add (v128.load offset=32 (i32.add (local.get $dst) (local.get $cb)))
                         (v128.load offset=32 (i32.add (local.get $src) (local.get $cb)))))
            (v128.store offset=48 (i32.add (local.get $dst) (local.get $cb))
              (f32x4.add (v128.load offset=48 (i32.add (local.get $dst) (local.get $cb)))
                         (v128.load offset=48 (i32.add (local.get $src) (local.get $cb)))))
            (local.set $cb (i32.add (local.get $cb) (i32.const 64)))
            (br $wide)))
        (block $vector_done
          (loop $vector
            (br_if $vector_done (i32.ge_s (local.get $cb) (i32.sub (local.get $cBytes) (i32.const 12))))
            (v128.store (i32.add (local.get $dst) (local.get $cb))
              (f32x4.add (v128.load (i32.add (local.get $dst) (local.get $cb)))
                         (v128.load (i32.add (local.get $src) (local.get $cb)))))
            (local.set $cb (i32.add (local.get $cb) (i32.const 16)))
            (br $vector)))
        (block $scalar_done
          (loop $scalar
            (br_if $scalar_done (i32.ge_s (local.get $cb) (local.get $cBytes)))
            (f32.store (i32.add (local.get $dst) (local.get $cb))
              (f32.add (f32.load (i32.add (local.get $dst) (local.get $cb)))
                       (f32.load (i32.add (local.get $src) (local.get $cb)))))
            (local.set $cb (i32.add (local.get $cb) (i32.const 4)))
            (br $scalar)))
        (local.set $src (i32.add (local.get $src) (local.get $cBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; dst[c] += sum over r of (src[r, c] - mean[c])²: batch norm's variance, centred for accuracy.
  (func $sumSquaredDeviations (export "sumSquaredDeviations")
    (param $src i32) (param $rows i32) (param $cols i32) (param $mean i32) (param $dst i32)
    (local $r i32) (local $cb i32) (local $cBytes i32)
    (local $d v128)  ;; src - mean, four lanes
    (local $ds f32)  ;; src - mean, one float
    (local.set $cBytes (i32.mul (local.get $cols) (i32.const 4)))
    (local.set $r (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $cb (i32.const 0))
        (block $wide_done
          (loop $wide
            (br_if $wide_done (i32.ge_s (local.get $cb) (i32.sub (local.get $cBytes) (i32.const 60))))
            (local.set $d (f32x4.sub (v128.load (i32.add (local.get $src) (local.get $cb)))
                                     (v128.load (i32.add (local.get $mean) (local.get $cb)))))
            (v128.store (i32.add (local.get $dst) (local.get $cb))
              (f32x4.add (v128.load (i32.add (local.get $dst) (local.get $cb))) (f32x4.mul (local.get $d) (local.get $d))))
            (local.set $d (f32x4.sub (v128.load offset=16 (i32.add (local.get $src) (local.get $cb)))
                                     (v128.load offset=16 (i32.add (local.get $mean) (local.get $cb)))))
            (v128.store offset=16 (i32.add (local.get $dst) (local.get $cb))
              (f32x4.add (v128.load offset=16 (i32.add (local.get $dst) (local.get $cb))) (f32x4.mul (local.get $d) (local.get $d))))
            (local.set $d (f32x4.sub (v128.load offset=32 (i32.add (local.get $src) (local.get $cb)))
                                     (v128.load offset=32 (i32.add (local.get $mean) (local.get $cb)))))
            (v128.store offset=32 (i32.add (local.get $dst) (local.get $cb))
              (f32x4.add (v128.load offset=32 (i32.add (local.get $dst) (local.get $cb))) (f32x4.mul (local.get $d) (local.get $d))))
            (local.set $d (f32x4.sub (v128.load offset=48 (i32.add (local.get $src) (local.get $cb)))
                                     (v128.load offset=48 (i32.add (local.get $mean) (local.get $cb)))))
            (v128.store offset=48 (i32.add (local.get $dst) (local.get $cb))
              (f32x4.add (v128.load offset=48 (i32.add (local.get $dst) (local.get $cb))) (f32x4.mul (local.get $d) (local.get $d))))
            (local.set $cb (i32.add (local.get $cb) (i32.const 64)))
            (br $wide)))
        (block $vector_done
          (loop $vector
            (br_if $vector_done (i32.ge_s (local.get $cb) (i32.sub (local.get $cBytes) (i32.const 12))))
            (local.set $d (f32x4.sub (v128.load (i32.add (local.get $src) (local.get $cb)))
                                     (v128.load (i32.add (local.get $mean) (local.get $cb)))))
            (v128.store (i32.add (local.get $dst) (local.get $cb))
              (f32x4.add (v128.load (i32.add (local.get $dst) (local.get $cb))) (f32x4.mul (local.get $d) (local.get $d))))
            (local.set $cb (i32.add (local.get $cb) (i32.const 16)))
            (br $vector)))
        (block $scalar_done
          (loop $scalar
            (br_if $scalar_done (i32.ge_s (local.get $cb) (local.get $cBytes)))
            (local.set $ds (f32.sub (f32.load (i32.add (local.get $src) (local.get $cb)))
                                    (f32.load (i32.add (local.get $mean) (local.get $cb)))))
            (f32.store (i32.add (local.get $dst) (local.get $cb))
              (f32.add (f32.load (i32.add (local.get $dst) (local.get $cb))) (f32.mul (local.get $ds) (local.get $ds))))
            (local.set $cb (i32.add (local.get $cb) (i32.const 4)))
            (br $scalar)))
        (local.set $src (i32.add (local.get $src) (local.get $cBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; Batch norm forward: xhat[r, c] = (x[r, c] - mean[c]) * invStd[c], y[r, c] = xhat[r, c] * scale[c] + shift[c].
  ;; xhat is kept for the gradient pass.
  (func $normalize (export "normalize")
    (param $x i32) (param $xhat i32) (param $y i32) (param $rows i32) (param $cols i32)
    (param $mean i32) (param $invStd i32) (param $scale i32) (param $shift i32)
    (local $r i32) (local $cb i32) (local $cBytes i32)
    (local $h v128)  ;; xhat, four lanes
    (local $hs f32)  ;; xhat, one float
    (local.set $cBytes (i32.mul (local.get $cols) (i32.const 4)))
    (local.set $r (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $cb (i32.const 0))
        (block $wide_done
          (loop $wide
            (br_if $wide_done (i32.ge_s (local.get $cb) (i32.sub (local.get $cBytes) (i32.const 60))))
            (local.set $h
              (f32x4.mul
                (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $cb))) (v128.load (i32.add (local.get $mean) (local.get $cb))))
                (v128.load (i32.add (local.get $invStd) (local.get $cb)))))
            (v128.store (i32.add (local.get $xhat) (local.get $cb)) (local.get $h))
            (v128.store (i32.add (local.get $y) (local.get $cb))
              (f32x4.add (f32x4.mul (local.get $h) (v128.load (i32.add (local.get $scale) (local.get $cb))))
                         (v128.load (i32.add (local.get $shift) (local.get $cb)))))
            (local.set $h
              (f32x4.mul
                (f32x4.sub (v128.load offset=16 (i32.add (local.get $x) (local.get $cb))) (v128.load offset=16 (i32.add (local.get $mean) (local.get $cb))))
                (v128.load offset=16 (i32.add (local.get $invStd) (local.get $cb)))))
            (v128.store offset=16 (i32.add (local.get $xhat) (local.get $cb)) (local.get $h))
            (v128.store offset=16 (i32.add (local.get $y) (local.get $cb))
              (f32x4.add (f32x4.mul (local.get $h) (v128.load offset=16 (i32.add (local.get $scale) (local.get $cb))))
                         (v128.load offset=16 (i32.add (local.get $shift) (local.get $cb)))))
            (local.set $h
              (f32x4.mul
                (f32x4.sub (v128.load offset=32 (i32.add (local.get $x) (local.get $cb))) (v128.load offset=32 (i32.add (local.get $mean) (local.get $cb))))
                (v128.load offset=32 (i32.add (local.get $invStd) (local.get $cb)))))
            (v128.store offset=32 (i32.add (local.get $xhat) (local.get $cb)) (local.get $h))
            (v128.store offset=32 (i32.add (local.get $y) (local.get $cb))
              (f32x4.add (f32x4.mul (local.get $h) (v128.load offset=32 (i32.add (local.get $scale) (local.get $cb))))
                         (v128.load offset=32 (i32.add (local.get $shift) (local.get $cb)))))
            (local.set $h
              (f32x4.mul
                (f32x4.sub (v128.load offset=48 (i32.add (local.get $x) (local.get $cb))) (v128.load offset=48 (i32.add (local.get $mean) (local.get $cb))))
                (v128.load offset=48 (i32.add (local.get $invStd) (local.get $cb)))))
            (v128.store offset=48 (i32.add (local.get $xhat) (local.get $cb)) (local.get $h))
            (v128.store offset=48 (i32.add (local.get $y) (local.get $cb))
              (f32x4.add (f32x4.mul (local.get $h) (v128.load offset=48 (i32.add (local.get $scale) (local.get $cb))))
                         (v128.load offset=48 (i32.add (local.get $shift) (local.get $cb)))))
            (local.set $cb (i32.add (local.get $cb) (i32.const 64)))
            (br $wide)))
        (block $vector_done
          (loop $vector
            (br_if $vector_done (i32.ge_s (local.get $cb) (i32.sub (local.get $cBytes) (i32.const 12))))
            (local.set $h
              (f32x4.mul
                (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $cb))) (v128.load (i32.add (local.get $mean) (local.get $cb))))
                (v128.load (i32.add (local.get $invStd) (local.get $cb)))))
            (v128.store (i32.add (local.get $xhat) (local.get $cb)) (local.get $h))
            (v128.store (i32.add (local.get $y) (local.get $cb))
              (f32x4.add (f32x4.mul (local.get $h) (v128.load (i32.add (local.get $scale) (local.get $cb))))
                         (v128.load (i32.add (local.get $shift) (local.get $cb)))))
            (local.set $cb (i32.add (local.get $cb) (i32.const 16)))
            (br $vector)))
        (block $scalar_done
          (loop $scalar
            (br_if $scalar_done (i32.ge_s (local.get $cb) (local.get $cBytes)))
            (local.set $hs
              (f32.mul
                (f32.sub (f32.load (i32.add (local.get $x) (local.get $cb))) (f32.load (i32.add (local.get $mean) (local.get $cb))))
                (f32.load (i32.add (local.get $invStd) (local.get $cb)))))
            (f32.store (i32.add (local.get $xhat) (local.get $cb)) (local.get $hs))
            (f32.store (i32.add (local.get $y) (local.get $cb))
              (f32.add (f32.mul (local.get $hs) (f32.load (i32.add (local.get $scale) (local.get $cb))))
                       (f32.load (i32.add (local.get $shift) (local.get $cb)))))
            (local.set $cb (i32.add (local.get $cb) (i32.const 4)))
            (br $scalar)))
        (local.set $x (i32.add (local.get $x) (local.get $cBytes)))
        (local.set $xhat (i32.add (local.get $xhat) (local.get $cBytes)))
        (local.set $y (i32.add (local.get $y) (local.get $cBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; Batch norm backward, the two sums: sumDy[c] += sum over r of dy[r, c], and
  ;; sumDyXhat[c] += sum over r of dy[r, c] * xhat[r, c].
  (func $sumProducts (export "sumProducts")
    (param $dy i32) (param $xhat i32) (param $rows i32) (param $cols i32) (param $sumDy i32) (param $sumDyXhat i32)
    (local $r i32) (local $cb i32) (local $cBytes i32)
    (local $g v128)  ;; dy, four lanes
    (local $gs f32)  ;; dy, one float
    (local.set $cBytes (i32.mul (local.get $cols) (i32.const 4)))
    (local.set $r (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $cb (i32.const 0))
        (block $wide_done
          (loop $wide
            (br_if $wide_done (i32.ge_s (local.get $cb) (i32.sub (local.get $cBytes) (i32.const 60))))
            (local.set $g (v128.load (i32.add (local.get $dy) (local.get $cb))))
            (v128.store (i32.add (local.get $sumDy) (local.get $cb))
              (f32x4.add (v128.load (i32.add (local.get $sumDy) (local.get $cb))) (local.get $g)))
            (v128.store (i32.add (local.get $sumDyXhat) (local.get $cb))
              (f32x4.add (v128.load (i32.add (local.get $sumDyXhat) (local.get $cb)))
                         (f32x4.mul (local.get $g) (v128.load (i32.add (local.get $xhat) (local.get $cb))))))
            (local.set $g (v128.load offset=16 (i32.add (local.get $dy) (local.get $cb))))
            (v128.store offset=16 (i32.add (local.get $sumDy) (local.get $cb))
              (f32x4.add (v128.load offset=16 (i32.add (local.get $sumDy) (local.get $cb))) (local.get $g)))
            (v128.store offset=16 (i32.add (local.get $sumDyXhat) (local.get $cb))
              (f32x4.add (v128.load offset=16 (i32.add (local.get $sumDyXhat) (local.get $cb)))
                         (f32x4.mul (local.get $g) (v128.load offset=16 (i32.add (local.get $xhat) (local.get $cb))))))
            (local.set $g (v128.load offset=32 (i32.add (local.get $dy) (local.get $cb))))
            (v128.store offset=32 (i32.add (local.get $sumDy) (local.get $cb))
              (f32x4.add (v128.load offset=32 (i32.add (local.get $sumDy) (local.get $cb))) (local.get $g)))
            (v128.store offset=32 (i32.add (local.get $sumDyXhat) (local.get $cb))
              (f32x4.add (v128.load offset=32 (i32.add (local.get $sumDyXhat) (local.get $cb)))
                         (f32x4.mul (local.get $g) (v128.load offset=32 (i32.add (local.get $xhat) (local.get $cb))))))
            (local.set $g (v128.load offset=48 (i32.add (local.get $dy) (local.get $cb))))
            (v128.store offset=48 (i32.add (local.get $sumDy) (local.get $cb))
              (f32x4.add (v128.load offset=48 (i32.add (local.get $sumDy) (local.get $cb))) (local.get $g)))
            (v128.store offset=48 (i32.add (local.get $sumDyXhat) (local.get $cb))
              (f32x4.add (v128.load offset=48 (i32.add (local.get $sumDyXhat) (local.get $cb)))
                         (f32x4.mul (local.get $g) (v128.load offset=48 (i32.add (local.get $xhat) (local.get $cb))))))
            (local.set $cb (i32.add (local.get $cb) (i32.const 64)))
            (br $wide)))
        (block $vector_done
          (loop $vector
            (br_if $vector_done (i32.ge_s (local.get $cb) (i32.sub (local.get $cBytes) (i32.const 12))))
            (local.set $g (v128.load (i32.add (local.get $dy) (local.get $cb))))
            (v128.store (i32.add (local.get $sumDy) (local.get $cb))
              (f32x4.add (v128.load (i32.add (local.get $sumDy) (local.get $cb))) (local.get $g)))
            (v128.store (i32.add (local.get $sumDyXhat) (local.get $cb))
              (f32x4.add (v128.load (i32.add (local.get $sumDyXhat) (local.get $cb)))
                         (f32x4.mul (local.get $g) (v128.load (i32.add (local.get $xhat) (local.get $cb))))))
            (local.set $cb (i32.add (local.get $cb) (i32.const 16)))
            (br $vector)))
        (block $scalar_done
          (loop $scalar
            (br_if $scalar_done (i32.ge_s (local.get $cb) (local.get $cBytes)))
            (local.set $gs (f32.load (i32.add (local.get $dy) (local.get $cb))))
            (f32.store (i32.add (local.get $sumDy) (local.get $cb))
              (f32.add (f32.load (i32.add (local.get $sumDy) (local.get $cb))) (local.get $gs)))
            (f32.store (i32.add (local.get $sumDyXhat) (local.get $cb))
              (f32.add (f32.load (i32.add (local.get $sumDyXhat) (local.get $cb)))
                       (f32.mul (local.get $gs) (f32.load (i32.add (local.get $xhat) (local.get $cb))))))
            (local.set $cb (i32.add (local.get $cb) (i32.const 4)))
            (br $scalar)))
        (local.set $dy (i32.add (local.get $dy) (local.get $cBytes)))
        (local.set $xhat (i32.add (local.get $xhat) (local.get $cBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; Batch norm backward, the input gradient:
  ;;   dx[r, c] = (dy[r, c] * count - sumDy[c] - xhat[r, c] * sumDyXhat[c]) * factor[c]
  ;; where count is the number of rows summed and factor = scale * invStd / count (batch-norm-kernels.ts).
  (func $normalizeGradient (export "normalizeGradient")
    (param $dy i32) (param $xhat i32) (param $dx i32) (param $rows i32) (param $cols i32)
    (param $sumDy i32) (param $sumDyXhat i32) (param $factor i32) (param $count f32)
    (local $r i32) (local $cb i32) (local $cBytes i32)
    (local $countV v128)  ;; count in all four lanes
    (local.set $countV (f32x4.splat (local.get $count)))
    (local.set $cBytes (i32.mul (local.get $cols) (i32.const 4)))
    (local.set $r (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $cb (i32.const 0))
        (block $wide_done
          (loop $wide
            (br_if $wide_done (i32.ge_s (local.get $cb) (i32.sub (local.get $cBytes) (i32.const 60))))
            (v128.store (i32.add (local.get $dx) (local.get $cb))
              (f32x4.mul
                (f32x4.sub
                  (f32x4.sub
                    (f32x4.mul (v128.load (i32.add (local.get $dy) (local.get $cb))) (local.get $countV))
                    (v128.load (i32.add (local.get $sumDy) (local.get $cb))))
                  (f32x4.mul (v128.load (i32.add (local.get $xhat) (local.get $cb)))
                             (v128.load (i32.add (local.get $sumDyXhat) (local.get $cb)))))
                (v128.load (i32.add (local.get $factor) (local.get $cb)))))
            (v128.store offset=16 (i32.add (local.get $dx) (local.get $cb))
              (f32x4.mul
                (f32x4.sub
                  (f32x4.sub
                    (f32x4.mul (v128.load offset=16 (i32.add (local.get $dy) (local.get $cb))) (local.get $countV))
                    (v128.load offset=16 (i32.add (local.get $sumDy) (local.get $cb))))
                  (f32x4.mul (v128.load offset=16 (i32.add (local.get $xhat) (local.get $cb)))
                             (v128.load offset=16 (i32.add (local.get $sumDyXhat) (local.get $cb)))))
                (v128.load offset=16 (i32.add (local.get $factor) (local.get $cb)))))
            (v128.store offset=32 (i32.add (local.get $dx) (local.get $cb))
              (f32x4.mul
                (f32x4.sub
                  (f32x4.sub
                    (f32x4.mul (v128.load offset=32 (i32.add (local.get $dy) (local.get $cb))) (local.get $countV))
                    (v128.load offset=32 (i32.add (local.get $sumDy) (local.get $cb))))
                  (f32x4.mul (v128.load offset=32 (i32.add (local.get $xhat) (local.get $cb)))
                             (v128.load offset=32 (i32.add (local.get $sumDyXhat) (local.get $cb)))))
                (v128.load offset=32 (i32.add (local.get $factor) (local.get $cb)))))
            (v128.store offset=48 (i32.add (local.get $dx) (local.get $cb))
              (f32x4.mul
                (f32x4.sub
                  (f32x4.sub
                    (f32x4.mul (v128.load offset=48 (i32.add (local.get $dy) (local.get $cb))) (local.get $countV))
                    (v128.load offset=48 (i32.add (local.get $sumDy) (local.get $cb))))
                  (f32x4.mul (v128.load offset=48 (i32.add (local.get $xhat) (local.get $cb)))
                             (v128.load offset=48 (i32.add (local.get $sumDyXhat) (local.get $cb)))))
                (v128.load offset=48 (i32.add (local.get $factor) (local.get $cb)))))
            (local.set $cb (i32.add (local.get $cb) (i32.const 64)))
            (br $wide)))
        (block $vector_done
          (loop $vector
            (br_if $vector_done (i32.ge_s (local.get $cb) (i32.sub (local.get $cBytes) (i32.const 12))))
            (v128.store (i32.add (local.get $dx) (local.get $cb))
              (f32x4.mul
                (f32x4.sub
                  (f32x4.sub
                    (f32x4.mul (v128.load (i32.add (local.get $dy) (local.get $cb))) (local.get $countV))
                    (v128.load (i32.add (local.get $sumDy) (local.get $cb))))
                  (f32x4.mul (v128.load (i32.add (local.get $xhat) (local.get $cb)))
                             (v128.load (i32.add (local.get $sumDyXhat) (local.get $cb)))))
                (v128.load (i32.add (local.get $factor) (local.get $cb)))))
            (local.set $cb (i32.add (local.get $cb) (i32.const 16)))
            (br $vector)))
        (block $scalar_done
          (loop $scalar
            (br_if $scalar_done (i32.ge_s (local.get $cb) (local.get $cBytes)))
            (f32.store (i32.add (local.get $dx) (local.get $cb))
              (f32.mul
                (f32.sub
                  (f32.sub
                    (f32.mul (f32.load (i32.add (local.get $dy) (local.get $cb))) (local.get $count))
                    (f32.load (i32.add (local.get $sumDy) (local.get $cb))))
                  (f32.mul (f32.load (i32.add (local.get $xhat) (local.get $cb)))
                           (f32.load (i32.add (local.get $sumDyXhat) (local.get $cb)))))
                (f32.load (i32.add (local.get $factor) (local.get $cb)))))
            (local.set $cb (i32.add (local.get $cb) (i32.const 4)))
            (br $scalar)))
        (local.set $dy (i32.add (local.get $dy) (local.get $cBytes)))
        (local.set $xhat (i32.add (local.get $xhat) (local.get $cBytes)))
        (local.set $dx (i32.add (local.get $dx) (local.get $cBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))
)
