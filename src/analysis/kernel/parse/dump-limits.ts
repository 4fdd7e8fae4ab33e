/** How long (in lines or seconds) each state of the dump machine (oom-dump-machine.ts) waits, and how much it keeps. */

/** A dump with no line of its own for this many physical lines is closed (truncated). */
export const DUMP_SILENCE_LINES = 2000;
/** A later line of the same host this many seconds after the dump's last line closes it. */
export const DUMP_GAP_SECONDS = 60;
/** Lines of this host after a kill during which oom_reaper and memory.oom.group lines still attach. */
export const AFTER_KILL_LINES = 8;
/** Lines after a kill-select line during which its `Killed process` line is awaited. */
export const AWAIT_KILLED_LINES = 16;
/** Physical lines after which an AwaitKilled/AfterKill state is given up even if the host went silent. */
export const KILL_SILENCE_LINES = 64;
/** Members of a memory.oom.group are killed in one pass; a kill later than this is a new OOM. */
export const GROUP_KILL_SECONDS = 1;
/** Kills of one memory.oom.group held together (waiting for their reaper lines) before they are emitted. */
export const MAX_PENDING_KILLS = 32;
/** Lines after a SLUB failure during which its `cache:` line (and further failures) are read. */
export const AFTER_SLAB_LINES = 8;
/** A dump that begins this many physical lines after the last SLUB failure still gets it (the failures precede the OOM they cause). */
export const SLAB_ATTACH_LINES = 256;
/** Victims remembered so that a later oom_reaper line about one of them is not taken for a new kill. */
export const RECENT_VICTIMS = 64;
