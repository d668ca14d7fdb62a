-- An invitation's use is given back when the person who signed up with it cancels, in the same
-- statement (0014 counts the use on sign-up): a 1-use code sent to a 人大代表 who cancelled by
-- mistake works again, and a group's code is not used up by people who dropped out. A declined
-- sign-up keeps its use counted: staff said no to that use of the code.
CREATE TRIGGER `registrations_invitation_released` AFTER UPDATE OF `status` ON `registrations`
  WHEN OLD.`status` = 'active' AND NEW.`status` = 'cancelled' AND OLD.`invitation_id` IS NOT NULL
    AND NEW.`approval` IS NOT 'declined'
BEGIN
  UPDATE `invitations` SET `used_count` = `used_count` - 1 WHERE `id` = OLD.`invitation_id` AND `used_count` > 0;
END;
