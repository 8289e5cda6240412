-- Identifier mapping moves from platform.legacy_code to the kernel's identity store (task 7),
-- and the store also learns the organisation code inside every registered USCC, so a domain can
-- resolve both kinds of organisation code without reading platform's tables.
INSERT INTO "identity"."legal_person_code" ("code", "code_type", "uscc", "source")
SELECT upper(replace("code", '-', '')), "code_type", "uscc", 'OLD_CODE' FROM "platform"."legacy_code"
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "identity"."legal_person_code" ("code", "code_type", "uscc", "source")
SELECT substring("uscc", 9, 9), 'ORGANIZATION_CODE', "uscc", 'USCC' FROM "platform"."legal_person"
ON CONFLICT DO NOTHING;
