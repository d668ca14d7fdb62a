ALTER TABLE `events` ADD `suggestion_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Hand-written after drizzle-kit generate: like the counts of 0001, the suggestions of an event
-- are counted by triggers in the statement that adds or removes one, so the dashboard reads a
-- number instead of counting the event's suggestions on every request.
UPDATE `events` SET `suggestion_count` = (SELECT count(*) FROM `suggestions` s WHERE s.`event_id` = `events`.`id`);--> statement-breakpoint
CREATE TRIGGER `suggestions_counted_insert` AFTER INSERT ON `suggestions`
BEGIN
  UPDATE `events` SET `suggestion_count` = `suggestion_count` + 1 WHERE `id` = NEW.`event_id`;
END;--> statement-breakpoint
CREATE TRIGGER `suggestions_counted_delete` AFTER DELETE ON `suggestions`
BEGIN
  UPDATE `events` SET `suggestion_count` = `suggestion_count` - 1 WHERE `id` = OLD.`event_id`;
END;
