/**
 * More than this share of RAM free cannot be the whole machine out of memory: even
 * watermark_scale_factor's maximum puts a zone's high watermark at 10% of it. The verdict uses it
 * when no zone lines are printed, and the summary says it in words.
 */
export const FREE_SHARE_NOT_EXHAUSTED = 0.1;
