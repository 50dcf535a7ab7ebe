import { randomInt, randomUUID } from 'node:crypto';
import type { IdSource } from '../domain/ports.js';

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ'; // no I or O: they read as 1 and 0

/** Random ids, and codes like "KDW-482" that a person can read out and type. */
export const randomIds: IdSource = {
  newId: () => randomUUID(),
  newCode: () => {
    const letters = Array.from({ length: 3 }, () => LETTERS[randomInt(LETTERS.length)]).join('');
    return `${letters}-${String(randomInt(1000)).padStart(3, '0')}`;
  },
};
