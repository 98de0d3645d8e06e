-- Placeholder so that 0011 applies on this branch: number 0010 belongs to
-- the donation search (branch wt-search). At merge, take theirs.
SELECT 1;
