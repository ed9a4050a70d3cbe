def log = new File(basedir, 'build.log').text
def finding = 'File[./scripts/20260102-120000.sql] line 2: [require-concurrent-index-creation] CREATE INDEX on app.users' +
        ' without CONCURRENTLY blocks writes to the table while it builds. Instead: CREATE INDEX CONCURRENTLY in a' +
        ' script with -- sem.attribute.transaction = none'
assert log.contains('[ERROR] ' + finding)
assert log.contains('sem:validate found 1 problem:')
assert log.contains('Lint: 1 error, 0 warnings in 2 scripts')
assert !log.contains('ban-drop-column]')
assert !log.contains('prefer-timestamptz]')
def junit = new File(basedir, 'target/sem/lint-junit.xml')
assert junit.isFile()
assert junit.text.contains('<failure type="require-concurrent-index-creation"')
assert new File(basedir, 'target/sem/lint.json').text.contains('"rule" : "require-concurrent-index-creation"')
true
