// sem:add stages the file in git: the project must be a git work tree. new.sql stays untracked.
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
git('add', 'pom.xml', 'scripts/.exists')
git('commit', '-q', '-m', 'Adding scripts directory')
true
