// Commit one script, then edit it and add an uncommitted one.
def git(String... args) {
    def command = ['git', '-c', 'user.name=it', '-c', 'user.email=it@example.com', '-c', 'commit.gpgsign=false',
                   '-c', 'init.defaultBranch=main'] + (args as List)
    def builder = new ProcessBuilder(command).directory(basedir).redirectErrorStream(true)
    builder.environment().putAll([GIT_CONFIG_NOSYSTEM: '1', HOME: basedir.absolutePath])
    def process = builder.start()
    def output = process.inputStream.text
    assert process.waitFor() == 0: "${command.join(' ')} failed:\n${output}"
    output
}

git('init', '-q')
git('add', 'pom.xml', 'scripts')
git('commit', '-q', '-m', 'Add t')
new File(basedir, 'scripts/20261121-071000.sql').text = 'create table t (id bigint);\n'
new File(basedir, 'scripts/20261121-080000.sql').text = 'select 1;\n'
true
