// The schema project must be a git repository: packaging takes the scripts committed at HEAD.
// notes.sql is left untracked outside scripts/, which must not stop packaging.
def git(String... args) {
    def command = ['git', '-c', 'user.name=it', '-c', 'user.email=it@example.com', '-c', 'commit.gpgsign=false',
                   '-c', 'init.defaultBranch=main'] + (args as List)
    def builder = new ProcessBuilder(command).directory(basedir).redirectErrorStream(true)
    builder.environment().putAll([
            GIT_AUTHOR_DATE   : '2026-11-21T07:19:33Z',
            GIT_COMMITTER_DATE: '2026-11-21T07:19:33Z',
            GIT_CONFIG_NOSYSTEM: '1',
            HOME              : basedir.absolutePath])
    def process = builder.start()
    def output = process.inputStream.text
    assert process.waitFor() == 0: "${command.join(' ')} failed:\n${output}"
    output
}

git('init', '-q')
git('add', 'pom.xml', 'invoker.properties', 'prebuild.groovy', 'verify.groovy', 'scripts')
git('commit', '-q', '-m', 'Add order scripts')
git('tag', '-a', '-m', '1.0.0', '1.0.0')
new File(basedir, 'notes.sql').text = 'select 1;\n'
true
