import { showcasePersonId } from '../../drizzle/seed/generate.ts';

/** The seeded data every test file starts from. */
export const TEST_SEED_SIZE = 300;
export const TEST_ID_HASH_KEY = 'test-id-hash-key';
/** The showcase person's id in the test seed (a keyed pseudonym of its ID number). */
export const SHOWCASE_PERSON_ID = showcasePersonId(TEST_ID_HASH_KEY);
