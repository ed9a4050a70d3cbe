// Assertions shared by the archetype tests' verify.groovy: evaluate(this file).call(projectDir, expected).
import java.nio.charset.StandardCharsets
import java.util.concurrent.TimeUnit

return { File project, Map expected ->
    String artifactId = expected.artifactId
    String version = expected.version
    String databaseName = expected.databaseName

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

    // Dotfiles and the wrapper survive the archetype's default excludes; mvnw is executable.
    assert file('.gitignore').text.readLines().contains('target/')
    assert file('.mvn/wrapper/maven-wrapper.properties').text.contains('distributionSha256Sum=')
    assert file('mvnw').canExecute(): 'mvnw lost its executable bit'
    file('mvnw.cmd')

    // sem's layout: an empty scripts/ (only scripts/.exists): no example script can reach a database by accident.
    assert file('scripts/.exists').length() == 0
    assert new File(project, 'scripts').list().toList() == ['.exists']
    assert project.listFiles().findAll { it.name.endsWith('.sql') }.isEmpty()

    // pom.xml: Velocity output starts with the XML declaration; versions filled in; goals bound.
    String pom = file('pom.xml').text
    assert pom.startsWith('<?xml'): 'pom.xml must start with the XML declaration'
    assert !pom.contains('@project.version@') && !pom.contains('#set')
    assert pom.contains('<sem.lint.postgresVersion>${sem.verify.postgres}</sem.lint.postgresVersion>')
    assert !pom.replace('${sem.verify.postgres}', '').contains('${'): 'an unresolved Velocity reference'
    def semVersion = (pom =~ /(?s)<artifactId>sem-maven-plugin<\/artifactId>\s*<version>([^<]+)<\/version>/)
    assert semVersion.find(): 'sem-maven-plugin has no version'
    assert semVersion.group(1) ==~ /\d+\.\d+\.\d+(-SNAPSHOT)?/
    assert pom.contains("<artifactId>${artifactId}</artifactId>")
    assert pom.contains("<version>${version}</version>")
    assert pom.contains('<packaging>pom</packaging>')
    ['validate', 'package', 'verify'].each { assert pom.contains("<goal>${it}</goal>") }
    assert pom.contains("<sem.verify.postgres>${expected.postgresVersion}</sem.verify.postgres>")
    assert pom.contains('<version>[3.9,)</version>'): 'the enforcer must require Maven 3.9+'
    assert pom.contains('<distributionManagement>')
    def timestamp = (pom =~ /<project\.build\.outputTimestamp>([^<]+)</)
    assert timestamp.find() && timestamp.group(1) != '2026-01-01T00:00:00Z': 'outputTimestamp not stamped'
    java.time.Instant.parse(timestamp.group(1))

    // README.md: '##' headings survived Velocity, properties were substituted, no directive leaked.
    String readme = file('README.md').text
    assert readme.startsWith("# ${databaseName} schema\n")
    ['## Layout', '## Add a script', '## Check and package', '## Release and deploy', '## Apply',
     '### On a deploy host, without a checkout', '### Look before you apply'].each {
        assert readme.contains("\n${it}\n"): "README.md lost the heading '${it}'"
    }
    assert readme.contains("-Dsem.url=postgresql://app@db.example.com/${databaseName}")
    assert readme.contains("mvn dev.sem:sem-maven-plugin:${semVersion.group(1)}:apply")
    assert readme.contains('-- sem.attribute.transaction = none')
    assert readme.contains('<id>sem-db</id>')
    assert readme.contains('postgresql://$USER@localhost/')
    assert !readme.contains('#set') && !readme.contains('${') && !readme.contains('@project.version@')

    // A git repository with everything in its first commit, nothing left to commit in scripts/.
    assert new File(project, '.git').isDirectory(): 'the post-generate script did not create the git repository'
    assert run(['git', 'log', '--format=%s']) ==
            "Initial schema repository for ${databaseName} (sem-archetype ${semVersion.group(1)})"
    List<String> tracked = run(['git', 'ls-files']).readLines()
    ['.gitignore', '.mvn/wrapper/maven-wrapper.properties', '.mvn/jvm.config', 'README.md', 'mvnw', 'mvnw.cmd', 'pom.xml',
     'scripts/.exists'].each { assert tracked.contains(it): "${it} not committed" }
    assert run(['git', 'ls-files', '-s', 'mvnw']).startsWith('100755 '): 'mvnw committed without the executable bit'
    assert run(['git', 'status', '--porcelain', '--', 'scripts', 'pom.xml']).isEmpty()

    // The first build ran the three goals and packaged the scripts.
    String log = file('build.log').text
    ['validate', 'package', 'verify'].each {
        assert log =~ /--- sem:[^:]+:${it} \(sem\) @ /: "sem:${it} did not run"
    }
    assert log.contains('Created distribution file at')
    File archive = file("target/${artifactId}-${version}.tar.gz")
    List<String> entries = run(['tar', 'tzf', archive.path]).readLines()
    String root = "${artifactId}-${version}/"
    [root + 'scripts/.exists', root + 'VERSION', root + 'CHANGES'].each {
        assert entries.contains(it): "${archive.name} lacks ${it}: ${entries}"
    }
    assert entries.findAll { it.endsWith('.sql') }.isEmpty(): "${archive.name} holds a script: ${entries}"
    true
}
