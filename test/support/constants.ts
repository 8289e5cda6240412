/** The seeded data every test file starts from. */
export const TEST_SEED_SIZE = 300;
export const TEST_ID_HASH_KEY = 'test-id-hash-key';
