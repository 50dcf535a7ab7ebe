const DAY_MS = 24 * 60 * 60 * 1000;

export const addDays = (at: Date | string, days: number): string =>
  new Date(new Date(at).getTime() + days * DAY_MS).toISOString();

export const isAtOrAfter = (now: Date, iso: string): boolean => now.getTime() >= new Date(iso).getTime();

/** "2026-11-24", the way a decision date is shown in a sentence. */
export const day = (iso: string): string => iso.slice(0, 10);
