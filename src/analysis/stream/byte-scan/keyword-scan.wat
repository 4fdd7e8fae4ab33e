;; The byte-level hot loops of the line driver, in WebAssembly SIMD (128-bit lanes).
;;
;; `scan` is the filter stage of Teddy (the SIMD multi-literal search of Hyperscan and of Rust's
;; aho-corasick crate): every keyword is represented by a 4-byte window of it (its fingerprint),
;; the keywords are grouped into 8 buckets, and for each fingerprint byte k two 16-entry tables
;; give, for a byte's low and high nibble, the buckets in which that nibble can occur at k. One
;; `i8x16.swizzle` per table looks up 16 text positions at once; ANDing the results of the four
;; bytes leaves a non-zero lane exactly where some bucket's nibbles all match: a candidate, which
;; the caller (byte-scanner.ts) verifies against the keywords byte for byte. Tables and
;; bucket assignment: plan-fingerprints.ts.
;;
;; `count_newlines` counts 0x0a bytes 16 at a time; the driver needs line numbers for the lines
;; it skips.
;;
;; Memory layout (exported as globals, so the TypeScript side reads it from here):
;;   TABLES     8 × 16 bytes: byte k's low-nibble table at 32k, its high-nibble table at 32k + 16
;;   CANDIDATES up to 16 u32: the candidate positions found by the last `scan`
;;   WINDOW     the copy of the input being scanned (WINDOW_BYTES), followed by WINDOW_PAD bytes
;;              so that the 16-byte loads at a window's last positions stay inside memory
;;
;; Build: `npm run build:wasm` turns this file into keyword-scan-wasm.ts (a test keeps the two in step).
(module
  (memory (export "memory") 18)
  (global (export "TABLES") i32 (i32.const 0))
  (global (export "CANDIDATES") i32 (i32.const 1024))
  (global (export "WINDOW") i32 (i32.const 65536))
  (global (export "WINDOW_BYTES") i32 (i32.const 1048576))
  (global (export "WINDOW_PAD") i32 (i32.const 64))

  ;; Looks at the fingerprint positions start, start+1, … below end, 16 at a time, and stops after
  ;; the first block of 16 that holds a candidate. Returns the number of candidates written to
  ;; CANDIDATES (0: none below end), in increasing order. Bytes up to end + 18 must be readable.
  (func (export "scan") (param $start i32) (param $end i32) (result i32)
    (local $p i32) (local $n i32) (local $bits i32) (local $j i32)
    (local $v v128) (local $r v128) (local $nibble v128)
    (local $lo0 v128) (local $hi0 v128) (local $lo1 v128) (local $hi1 v128)
    (local $lo2 v128) (local $hi2 v128) (local $lo3 v128) (local $hi3 v128)
    (local.set $lo0 (v128.load (i32.const 0)))
    (local.set $hi0 (v128.load (i32.const 16)))
    (local.set $lo1 (v128.load (i32.const 32)))
    (local.set $hi1 (v128.load (i32.const 48)))
    (local.set $lo2 (v128.load (i32.const 64)))
    (local.set $hi2 (v128.load (i32.const 80)))
    (local.set $lo3 (v128.load (i32.const 96)))
    (local.set $hi3 (v128.load (i32.const 112)))
    (local.set $nibble (i8x16.splat (i32.const 15)))
    (local.set $p (local.get $start))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        ;; Lane i of $r: the buckets whose fingerprint can start at p + i.
        (local.set $v (v128.load (local.get $p)))
        (local.set $r (v128.and
          (i8x16.swizzle (local.get $lo0) (v128.and (local.get $v) (local.get $nibble)))
          (i8x16.swizzle (local.get $hi0) (i8x16.shr_u (local.get $v) (i32.const 4)))))
        (local.set $v (v128.load offset=1 (local.get $p)))
        (local.set $r (v128.and (local.get $r) (v128.and
          (i8x16.swizzle (local.get $lo1) (v128.and (local.get $v) (local.get $nibble)))
          (i8x16.swizzle (local.get $hi1) (i8x16.shr_u (local.get $v) (i32.const 4))))))
        (local.set $v (v128.load offset=2 (local.get $p)))
        (local.set $r (v128.and (local.get $r) (v128.and
          (i8x16.swizzle (local.get $lo2) (v128.and (local.get $v) (local.get $nibble)))
          (i8x16.swizzle (local.get $hi2) (i8x16.shr_u (local.get $v) (i32.const 4))))))
        (local.set $v (v128.load offset=3 (local.get $p)))
        (local.set $r (v128.and (local.get $r) (v128.and
          (i8x16.swizzle (local.get $lo3) (v128.and (local.get $v) (local.get $nibble)))
          (i8x16.swizzle (local.get $hi3) (i8x16.shr_u (local.get $v) (i32.const 4))))))
        (if (v128.any_true (local.get $r))
          (then
            (local.set $bits (i8x16.bitmask (i8x16.ne (local.get $r) (v128.const i64x2 0 0))))
            ;; The last block may reach past end: drop those lanes.
            (if (i32.lt_u (i32.sub (local.get $end) (local.get $p)) (i32.const 16))
              (then (local.set $bits (i32.and (local.get $bits)
                (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $end) (local.get $p))) (i32.const 1))))))
            (block $written
              (loop $lane
                (br_if $written (i32.eqz (local.get $bits)))
                (local.set $j (i32.ctz (local.get $bits)))
                (i32.store offset=1024 (i32.shl (local.get $n) (i32.const 2)) (i32.add (local.get $p) (local.get $j)))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
                (br $lane)))
            (br_if $done (local.get $n))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $block)))
    (local.get $n))

  ;; Number of 0x0a bytes in [start, end).
  (func (export "count_newlines") (param $start i32) (param $end i32) (result i32)
    (local $p i32) (local $n i32) (local $newline v128)
    (local.set $newline (i8x16.splat (i32.const 10)))
    (local.set $p (local.get $start))
    (block $blocks_done
      (loop $block
        (br_if $blocks_done (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
        (local.set $n (i32.add (local.get $n)
          (i32.popcnt (i8x16.bitmask (i8x16.eq (v128.load (local.get $p)) (local.get $newline))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $block)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $p) (local.get $end)))
        (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 10))
          (then (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $tail)))
    (local.get $n))
)
