-- 公开答复 newest first without reading every answer: an agency's and an event's published answers
-- each have a partial index in answer order (the queries write published = 1 AND public_consent
-- = 1 as literals so that SQLite can use them). The agency is copied onto the suggestion from its
-- event on insert, as an index cannot reach into `events`.
ALTER TABLE `suggestions` ADD `agency_id` text;--> statement-breakpoint
CREATE INDEX `suggestions_published_answers` ON `suggestions` (`agency_id`,`answered_at`,`id`) WHERE "suggestions"."published" = 1 AND "suggestions"."public_consent" = 1;--> statement-breakpoint
CREATE INDEX `suggestions_event_published_answers` ON `suggestions` (`event_id`,`answered_at`,`id`) WHERE "suggestions"."published" = 1 AND "suggestions"."public_consent" = 1;--> statement-breakpoint
CREATE TRIGGER `suggestions_agency` AFTER INSERT ON `suggestions`
BEGIN
  UPDATE `suggestions` SET `agency_id` = (SELECT `agency_id` FROM `events` WHERE `id` = NEW.`event_id`) WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
UPDATE `suggestions` SET `agency_id` = (SELECT `agency_id` FROM `events` WHERE `events`.`id` = `suggestions`.`event_id`);
