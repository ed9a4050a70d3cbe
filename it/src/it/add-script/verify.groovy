def git(String... args) {
    def process = new ProcessBuilder(['git'] + (args as List)).directory(basedir).redirectErrorStream(true).start()
    def output = process.inputStream.text
    assert process.waitFor() == 0: output
    output
}

assert !new File(basedir, 'new.sql').exists(): 'new.sql was copied, not moved'

// The moved file is staged; the new empty script is not (a plain git commit would record it without its SQL).
def status = git('status', '--porcelain', '--untracked-files=all', '--', 'scripts').readLines().sort()
assert status.size() == 2: status
assert status[0] ==~ /\?\? scripts\/\d{8}-\d{6}\.sql/: status
assert status[1] ==~ /A  scripts\/\d{8}-\d{6}\.sql/: status
def names = [status[1].substring(3), status[0].substring(3)]
def moved = new File(basedir, names[0])
assert moved.text == 'create table customers (id bigint primary key);\n'
def created = new File(basedir, names[1])
assert created.text == '-- Add an index on customers\n--\n-- sem.attribute.transaction = single\n\n'

// The names are the UTC time of the run, give or take the build's duration.
def now = java.time.Instant.now()
names.each { path ->
    def stamp = java.time.LocalDateTime.parse(path.substring(8, 23), java.time.format.DateTimeFormatter.ofPattern('yyyyMMdd-HHmmss'))
    def age = java.time.Duration.between(stamp.toInstant(java.time.ZoneOffset.UTC), now)
    assert !age.isNegative() && age.toMinutes() < 30: "${path} is not the UTC time of the run"
}

def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] Adding ' + created.canonicalPath) || log.contains('[INFO] Adding ' + created.absolutePath)
assert log.contains('[INFO] File staged in git. You need to commit and push')
assert log.contains("[INFO] Write the SQL into ${names[1]}, then commit it: git add ${names[1]} && git commit -m 'Add an index on customers'")
true
