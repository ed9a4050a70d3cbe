// basedir is the test directory; the generated project is project/<artifactId> below it.
import groovy.json.JsonSlurper
import java.nio.charset.StandardCharsets
import java.util.concurrent.TimeUnit

File project = new File(basedir, 'project/greeter-api')

def file = { String path ->
    File f = new File(project, path)
    assert f.isFile(): "missing ${f}"
    f
}
def run = { List<String> command ->
    Process p = new ProcessBuilder(command).directory(project).redirectErrorStream(true).start()
    p.outputStream.close()
    String out = new String(p.inputStream.readAllBytes(), StandardCharsets.UTF_8).trim()
    assert p.waitFor(60, TimeUnit.SECONDS)
    assert p.exitValue() == 0: "${command.join(' ')} failed:\n${out}"
    out
}

// The shared files, as for a schema repository.
assert file('.gitignore').text.readLines().contains('target/')
assert file('.mvn/wrapper/maven-wrapper.properties').text.contains('distributionSha256Sum=')
assert file('mvnw').canExecute(): 'mvnw lost its executable bit'
file('mvnw.cmd')

// The package layout, and nothing of the schema kind.
List<String> packageFiles = ['config.json', 'types/greeting.sql', 'tables/001_greetings.sql', 'functions/greet.sql',
                             'functions/touch_updated_at.sql', 'views/greeting_examples.sql',
                             'triggers/greetings_touch_updated_at.sql']
packageFiles.each { file(it) }
assert !new File(project, 'scripts').exists(): 'scripts/ belongs to schema repositories only'

// config.json: the package name from the artifactId, the project version without -SNAPSHOT, the five folders.
String configText = file('config.json').text
assert configText.startsWith('{') && !configText.contains('#set') && !configText.contains('${')
def config = new JsonSlurper().parseText(configText)
assert config == [name          : 'greeter_api', subclass: 'versioned', version: '1.0.0',
                  types_path    : 'types', functions_path: 'functions', views_path: 'views',
                  triggers_path : 'triggers', tables_path: 'tables']

// The examples are copied byte for byte and use no schema-qualified names.
assert file('types/greeting.sql').text.contains('create type greeting as (')
assert file('tables/001_greetings.sql').text.contains('create table if not exists greetings (')
assert file('functions/greet.sql').text.contains('create or replace function greet(name text')
assert file('functions/touch_updated_at.sql').text.contains('returns trigger')
assert file('views/greeting_examples.sql').text.contains('create or replace view greeting_examples as')
assert file('triggers/greetings_touch_updated_at.sql').text.contains('execute function touch_updated_at()')

// pom.xml: package name and description, the goals bound, verifyCalls for sem:verify, outputTimestamp stamped.
String pom = file('pom.xml').text
assert pom.startsWith('<?xml'): 'pom.xml must start with the XML declaration'
assert !pom.contains('@project.version@') && !pom.contains('#set') && !pom.contains('#if') && !pom.contains('#end')
assert !pom.replace('${sem.verify.postgres}', '').contains('${'): 'an unresolved Velocity reference'
assert pom.contains('<name>greeter_api package</name>')
assert pom.contains('<description>The PostgreSQL package greeter_api:')
assert pom.contains('com.example:greeter-api:tar.gz:package:<version>')
assert pom.contains('<artifactId>greeter-api</artifactId>') && pom.contains('<version>1.0.0-SNAPSHOT</version>')
assert pom.contains('<sem.verify.postgres>17</sem.verify.postgres>')
['validate', 'package', 'verify'].each { assert pom.contains("<goal>${it}</goal>") }
assert pom.contains("<verifyCall>SELECT greet('world')</verifyCall>")
assert !pom.contains('scripts/')
def timestamp = (pom =~ /<project\.build\.outputTimestamp>([^<]+)</)
assert timestamp.find() && timestamp.group(1) != '2026-01-01T00:00:00Z': 'outputTimestamp not stamped'
java.time.Instant.parse(timestamp.group(1))
def semVersion = (pom =~ /(?s)<artifactId>sem-maven-plugin<\/artifactId>\s*<version>([^<]+)<\/version>/)
assert semVersion.find(): 'sem-maven-plugin has no version'

// README.md: the package kind's text, headings kept, no directive leaked.
String readme = file('README.md').text
assert readme.startsWith("# greeter_api package\n")
['## Layout', '## Check and package', '## Release and deploy', '## Deploy to a database',
 '### On a deploy host, without a checkout', '### Use it from an application', '## Depend on another package'].each {
    assert readme.contains("\n${it}\n"): "README.md lost the heading '${it}'"
}
assert readme.contains("mvn dev.sem:sem-maven-plugin:${semVersion.group(1)}:deploy-package")
assert readme.contains('-Dsem.artifact=com.example:greeter-api:1.0.0')
assert readme.contains("SELECT sem_packages.set_search_path('greeter_api', '1_0_0');")
assert readme.contains('<classifier>package</classifier>')
assert !readme.contains('scripts/') && !readme.contains('sem:apply ')
assert !readme.contains('#set') && !readme.contains('#if') && !readme.contains('${')

// A git repository with everything in its first commit.
assert new File(project, '.git').isDirectory(): 'the post-generate script did not create the git repository'
assert run(['git', 'log', '--format=%s']) ==
        "Initial package repository for greeter_api (sem-archetype ${semVersion.group(1)})"
List<String> tracked = run(['git', 'ls-files']).readLines()
(['.gitignore', '.mvn/wrapper/maven-wrapper.properties', 'README.md', 'mvnw', 'mvnw.cmd', 'pom.xml'] + packageFiles)
        .each { assert tracked.contains(it): "${it} not committed" }
assert run(['git', 'ls-files', '-s', 'mvnw']).startsWith('100755 '): 'mvnw committed without the executable bit'
assert run(['git', 'status', '--porcelain', '--untracked-files=no']).isEmpty()

// The first build ran the three goals (goal.txt is `verify`).
if (new File(basedir, 'goal.txt').text.trim() == 'verify') {
    String log = file('build.log').text
    ['validate', 'package', 'verify'].each {
        assert log =~ /--- sem:[^:]+:${it} \(sem(-verify)?\) @ /: "sem:${it} did not run"
    }
    assert !log.contains("Parameter 'verifyCalls' is unknown")
}
return true
