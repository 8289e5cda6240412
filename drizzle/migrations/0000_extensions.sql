-- drizzle-kit never writes CREATE EXTENSION (STACK.md trap 7); trigram search needs pg_trgm.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
