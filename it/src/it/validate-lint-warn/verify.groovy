def log = new File(basedir, 'build.log').text
assert log.contains('[WARNING] File[./scripts/20260102-120000.sql] line 2: [require-concurrent-index-creation]')
assert log.contains('Lint: 0 errors, 1 warning in 2 scripts')
assert log.contains('BUILD SUCCESS')
true
