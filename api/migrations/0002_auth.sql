ALTER TABLE `staff_users` DROP COLUMN `failed_logins`;--> statement-breakpoint
ALTER TABLE `staff_users` DROP COLUMN `locked_until`;--> statement-breakpoint
-- Hand-written after drizzle-kit generate: the phone of an SMS login was proved by its code, so
-- accounts made before sign-ups required a verified phone may keep signing up with it.
INSERT OR IGNORE INTO `verified_phones` (`participant_id`, `phone`, `verified_at`)
  SELECT `id`, `phone`, `created_at` FROM `participants` WHERE `phone` IS NOT NULL;
