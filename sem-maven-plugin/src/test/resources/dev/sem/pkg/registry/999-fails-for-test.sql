-- Test-only migration: does some work, then fails, so that the test can check that nothing of the upgrade remains.
CREATE TABLE sem_packages.half_done (id integer);
SELECT 1 / 0;
