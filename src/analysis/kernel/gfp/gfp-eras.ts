/**
 * The GFP bit values of include/linux/gfp.h (include/linux/gfp_types.h since 6.0) for the kernel
 * eras whose source we read, and the composite names built from them. Bits moved between eras, so
 * a bare hex mask means nothing without the kernel version.
 *
 * Each era cites the file it was read from; `from`/`until` bound the versions it is applied to
 * (until is exclusive). Versions between eras (4.3–4.14, 4.20–5.3) are left undecoded rather than
 * guessed: the bits moved in 4.3/4.4 (__GFP_WAIT → __GFP_DIRECT_RECLAIM) and again before 5.4.
 */

/** One GFP era: single-bit flags and composite names in the order the kernel prints them. */
export interface GfpEra {
  readonly id: string;
  /** Where the bit values were read. */
  readonly source: string;
  readonly from: readonly [number, number];
  readonly until: readonly [number, number] | null;
  readonly bits: Readonly<Record<string, number>>;
  /** Composite masks, most bits first (the order of the kernel's gfpflag_string table); each a list of `bits` names. */
  readonly composites: readonly (readonly [string, readonly string[]])[];
}

/** AndreiLux/ref-3.10 @147ee332 include/linux/gfp.h lines 13–38 (the ___GFP_* defines) and its GFP_NOWAIT…GFP_TRANSHUGE block. */
const V3_10: GfpEra = {
  id: '3.10',
  source: 'linux 3.10 include/linux/gfp.h:13-38',
  from: [3, 0],
  until: [4, 3],
  bits: {
    __GFP_DMA: 0x01, __GFP_HIGHMEM: 0x02, __GFP_DMA32: 0x04, __GFP_MOVABLE: 0x08,
    __GFP_WAIT: 0x10, __GFP_HIGH: 0x20, __GFP_IO: 0x40, __GFP_FS: 0x80,
    __GFP_COLD: 0x100, __GFP_NOWARN: 0x200, __GFP_REPEAT: 0x400, __GFP_NOFAIL: 0x800,
    __GFP_NORETRY: 0x1000, __GFP_MEMALLOC: 0x2000, __GFP_COMP: 0x4000, __GFP_ZERO: 0x8000,
    __GFP_NOMEMALLOC: 0x10000, __GFP_HARDWALL: 0x20000, __GFP_THISNODE: 0x40000, __GFP_RECLAIMABLE: 0x80000,
    __GFP_KMEMCG: 0x100000, __GFP_NOTRACK: 0x200000, __GFP_NO_KSWAPD: 0x400000, __GFP_OTHER_NODE: 0x800000,
    __GFP_WRITE: 0x1000000, __GFP_SLOWHIGHMEM: 0x2000000,
  },
  composites: [
    ['GFP_TRANSHUGE', ['__GFP_WAIT', '__GFP_IO', '__GFP_FS', '__GFP_HARDWALL', '__GFP_HIGHMEM', '__GFP_MOVABLE', '__GFP_COMP', '__GFP_NOMEMALLOC', '__GFP_NORETRY', '__GFP_NOWARN', '__GFP_NO_KSWAPD']],
    ['GFP_HIGHUSER_MOVABLE', ['__GFP_WAIT', '__GFP_IO', '__GFP_FS', '__GFP_HARDWALL', '__GFP_HIGHMEM', '__GFP_MOVABLE']],
    ['GFP_HIGHUSER', ['__GFP_WAIT', '__GFP_IO', '__GFP_FS', '__GFP_HARDWALL', '__GFP_HIGHMEM']],
    ['GFP_USER', ['__GFP_WAIT', '__GFP_IO', '__GFP_FS', '__GFP_HARDWALL']],
    ['GFP_TEMPORARY', ['__GFP_WAIT', '__GFP_IO', '__GFP_FS', '__GFP_RECLAIMABLE']],
    ['GFP_KERNEL', ['__GFP_WAIT', '__GFP_IO', '__GFP_FS']],
    ['GFP_NOFS', ['__GFP_WAIT', '__GFP_IO']],
    ['GFP_ATOMIC', ['__GFP_HIGH']],
    ['GFP_NOIO', ['__GFP_WAIT']],
  ],
};

/** 0x88888888/Linux-4.19 @d7e460ed include/linux/gfp.h lines 19–46 (___GFP_*) and its GFP_ATOMIC…GFP_TRANSHUGE block; 4.15 dropped __GFP_COLD/__GFP_NOTRACK and packed the bits. */
const V4_19: GfpEra = {
  id: '4.19',
  source: 'linux 4.19 include/linux/gfp.h:19-46',
  from: [4, 15],
  until: [4, 20],
  bits: {
    __GFP_DMA: 0x01, __GFP_HIGHMEM: 0x02, __GFP_DMA32: 0x04, __GFP_MOVABLE: 0x08,
    __GFP_RECLAIMABLE: 0x10, __GFP_HIGH: 0x20, __GFP_IO: 0x40, __GFP_FS: 0x80,
    __GFP_WRITE: 0x100, __GFP_NOWARN: 0x200, __GFP_RETRY_MAYFAIL: 0x400, __GFP_NOFAIL: 0x800,
    __GFP_NORETRY: 0x1000, __GFP_MEMALLOC: 0x2000, __GFP_COMP: 0x4000, __GFP_ZERO: 0x8000,
    __GFP_NOMEMALLOC: 0x10000, __GFP_HARDWALL: 0x20000, __GFP_THISNODE: 0x40000, __GFP_ATOMIC: 0x80000,
    __GFP_ACCOUNT: 0x100000, __GFP_DIRECT_RECLAIM: 0x200000, __GFP_KSWAPD_RECLAIM: 0x400000,
    __GFP_NOLOCKDEP: 0x800000,
  },
  composites: reclaimEraComposites(true),
};

/** 06I90/Notes-of-Kernel-5.10.228 @c026e141 include/linux/gfp.h lines 19–46 (___GFP_*) and its GFP_ATOMIC…GFP_TRANSHUGE block. */
const V5_10: GfpEra = {
  id: '5.10',
  source: 'linux 5.10 include/linux/gfp.h:19-46',
  from: [5, 4],
  until: [6, 3],
  bits: {
    __GFP_DMA: 0x01, __GFP_HIGHMEM: 0x02, __GFP_DMA32: 0x04, __GFP_MOVABLE: 0x08,
    __GFP_RECLAIMABLE: 0x10, __GFP_HIGH: 0x20, __GFP_IO: 0x40, __GFP_FS: 0x80,
    __GFP_ZERO: 0x100, __GFP_ATOMIC: 0x200, __GFP_DIRECT_RECLAIM: 0x400, __GFP_KSWAPD_RECLAIM: 0x800,
    __GFP_WRITE: 0x1000, __GFP_NOWARN: 0x2000, __GFP_RETRY_MAYFAIL: 0x4000, __GFP_NOFAIL: 0x8000,
    __GFP_NORETRY: 0x10000, __GFP_MEMALLOC: 0x20000, __GFP_COMP: 0x40000, __GFP_NOMEMALLOC: 0x80000,
    __GFP_HARDWALL: 0x100000, __GFP_THISNODE: 0x200000, __GFP_ACCOUNT: 0x400000,
  },
  composites: reclaimEraComposites(true),
};

/**
 * torvalds/linux @16f5dfbc include/linux/gfp_types.h lines 25–59 (___GFP_*) and its GFP_ATOMIC…GFP_TRANSHUGE block:
 * 6.3 removed __GFP_ATOMIC (0x200 unused since). __GFP_SKIP_ZERO/__GFP_SKIP_KASAN/__GFP_NOLOCKDEP
 * depend on the kernel config (KASAN_HW_TAGS, LOCKDEP) and are named when set.
 */
const V6: GfpEra = {
  id: '6.x',
  source: 'linux 6.x include/linux/gfp_types.h:25-59',
  from: [6, 3],
  until: null,
  bits: {
    __GFP_DMA: 0x01, __GFP_HIGHMEM: 0x02, __GFP_DMA32: 0x04, __GFP_MOVABLE: 0x08,
    __GFP_RECLAIMABLE: 0x10, __GFP_HIGH: 0x20, __GFP_IO: 0x40, __GFP_FS: 0x80,
    __GFP_ZERO: 0x100, __GFP_DIRECT_RECLAIM: 0x400, __GFP_KSWAPD_RECLAIM: 0x800,
    __GFP_WRITE: 0x1000, __GFP_NOWARN: 0x2000, __GFP_RETRY_MAYFAIL: 0x4000, __GFP_NOFAIL: 0x8000,
    __GFP_NORETRY: 0x10000, __GFP_MEMALLOC: 0x20000, __GFP_COMP: 0x40000, __GFP_NOMEMALLOC: 0x80000,
    __GFP_HARDWALL: 0x100000, __GFP_THISNODE: 0x200000, __GFP_ACCOUNT: 0x400000, __GFP_ZEROTAGS: 0x800000,
    __GFP_SKIP_ZERO: 0x1000000, __GFP_SKIP_KASAN: 0x2000000, __GFP_NOLOCKDEP: 0x4000000,
  },
  composites: reclaimEraComposites(false),
};

/**
 * The combinations of the __GFP_DIRECT_RECLAIM era (4.4+), identical in 4.19, 5.10 and 6.x except
 * that GFP_ATOMIC lost __GFP_ATOMIC in 6.3. Order as in the kernel's gfpflag_string table
 * (include/trace/events/mmflags.h): most bits first, so the printed name is the widest match.
 */
function reclaimEraComposites(withAtomicBit: boolean): GfpEra['composites'] {
  const reclaim = ['__GFP_DIRECT_RECLAIM', '__GFP_KSWAPD_RECLAIM'];
  const kernel = [...reclaim, '__GFP_IO', '__GFP_FS'];
  const user = [...kernel, '__GFP_HARDWALL'];
  const highuserMovable = [...user, '__GFP_HIGHMEM', '__GFP_MOVABLE'];
  const transhugeLight = [...highuserMovable, '__GFP_COMP', '__GFP_NOMEMALLOC', '__GFP_NOWARN'].filter((f) => !reclaim.includes(f));
  return [
    ['GFP_TRANSHUGE', [...transhugeLight, '__GFP_DIRECT_RECLAIM']],
    ['GFP_TRANSHUGE_LIGHT', transhugeLight],
    ['GFP_HIGHUSER_MOVABLE', highuserMovable],
    ['GFP_HIGHUSER', [...user, '__GFP_HIGHMEM']],
    ['GFP_USER', user],
    ['GFP_KERNEL_ACCOUNT', [...kernel, '__GFP_ACCOUNT']],
    ['GFP_KERNEL', kernel],
    ['GFP_NOFS', [...reclaim, '__GFP_IO']],
    ['GFP_ATOMIC', withAtomicBit ? ['__GFP_HIGH', '__GFP_ATOMIC', '__GFP_KSWAPD_RECLAIM'] : ['__GFP_HIGH', '__GFP_KSWAPD_RECLAIM']],
    ['GFP_NOIO', reclaim],
    ['GFP_NOWAIT', ['__GFP_KSWAPD_RECLAIM']],
  ];
}

export const GFP_ERAS: readonly GfpEra[] = [V3_10, V4_19, V5_10, V6];
