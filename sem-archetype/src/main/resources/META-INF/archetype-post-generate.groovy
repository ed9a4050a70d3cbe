// Runs once after archetype:generate, in the archetype plugin's Groovy (no JGit on its class path).
// 0. Checks the properties: the descriptor's validationRegex only guards interactive prompts, batch mode
//    (-B, -DinteractiveMode=false) accepts anything. An invalid value removes the generated files and fails.
//    Then removes the files of the other repository kind (repositoryKind=schema: scripts/; package: config.json
//    and the package folders).
// 1. Restores mvnw's executable bit, which archetype resources lose.
// 2. Stamps project.build.outputTimestamp with the generation time.
// 3. Makes the directory a git repository with a first commit, as sem-init did, so that the first
//    `./mvnw verify` is green (sem:package packages the scripts committed at HEAD). Never fails the
//    generation: without git, or inside another repository's work tree, it prints what to do instead.

import java.nio.charset.StandardCharsets
import java.time.Instant
import java.time.temporal.ChronoUnit
import java.util.concurrent.TimeUnit

File projectDir = new File(request.outputDirectory, request.artifactId).canonicalFile
Properties props = request.properties
String databaseName = props.getProperty('databaseName', request.artifactId)
String semVersion = props.getProperty('semVersion', '')
String repositoryKind = props.getProperty('repositoryKind', 'schema')
boolean isPackage = repositoryKind == 'package'
String packageName = props.getProperty('packageName') ?: request.artifactId.replace('-', '_')
String version = props.getProperty('version', '')

// Everything the archetype may write, per kind; the shared files belong to both.
List<String> schemaFiles = ['scripts/.exists']
List<String> schemaDirs = ['scripts']
List<String> packageFiles = ['config.json', 'types/greeting.sql', 'tables/001_greetings.sql', 'functions/greet.sql',
                             'functions/touch_updated_at.sql', 'views/greeting_examples.sql',
                             'triggers/greetings_touch_updated_at.sql']
List<String> packageDirs = ['types', 'tables', 'functions', 'views', 'triggers']
List<String> sharedFiles = ['pom.xml', 'README.md', 'mvnw', 'mvnw.cmd', '.gitignore',
                            '.mvn/wrapper/maven-wrapper.properties', '.mvn/jvm.config']
List<String> sharedDirs = ['.mvn/wrapper', '.mvn']

// --- 0. validate the properties -------------------------------------------------------------------
// Keep these in sync with the validationRegex entries of META-INF/maven/archetype-metadata.xml.
String suggestion = databaseName.toLowerCase(Locale.ROOT).replaceAll('[^a-z0-9_-]', '_')
if (!(suggestion ==~ /[a-z].*/)) {
    suggestion = 'db_' + suggestion
}
suggestion = suggestion.take(63)
String packageSuggestion = packageName.toLowerCase(Locale.ROOT).replaceAll('[^a-z0-9_]', '_')
if (!(packageSuggestion ==~ /[a-z_].*/)) {
    packageSuggestion = '_' + packageSuggestion
}
packageSuggestion = packageSuggestion.take(44)
Map<String, List<String>> rules = [
    repositoryKind : ['^(schema|package)$',
                      'schema (upgrade scripts for one database, the default) or package (functions and types' +
                      ' deployed into a versioned schema), for example -DrepositoryKind=package'],
]
if (isPackage) {
    // A package's config.json takes the project version without -SNAPSHOT (sem's dotted form of 1_0_0).
    rules.packageName = ['^[a-z_][a-z0-9_]{0,43}$',
                         "a lower-case letter or '_', then up to 43 lower-case letters, digits or '_'" +
                         (packageName == request.artifactId.replace('-', '_') ? ' (it defaults to the artifactId with - replaced by _)' : '') +
                         "; for example -DpackageName=${packageSuggestion}"]
    rules.version = ['^[0-9]{1,9}\\.[0-9]{1,9}\\.[0-9]{1,9}(-[a-z][a-z0-9]*)?(-SNAPSHOT)?$',
                     'major.minor.patch, optionally with a lower-case pre-release and -SNAPSHOT (config.json' +
                     ' carries it without -SNAPSHOT), for example -Dversion=1.0.0-SNAPSHOT']
} else {
    rules.databaseName = ['^[a-z][a-z0-9_-]{0,62}$',
                          "a lower-case letter, then up to 62 lower-case letters, digits, '_' or '-'" +
                          (databaseName == request.artifactId ? " (it defaults to the artifactId)" : '') +
                          "; for example -DdatabaseName=${suggestion}"]
}
rules.postgresVersion = ['^1[3-8]$', 'a PostgreSQL major from 13 to 18, for example -DpostgresVersion=17']
rules.semVersion = ['^[0-9][0-9A-Za-z.+-]*$', 'a sem-maven-plugin version such as 1.2.0']
Map<String, String> values = [packageName: packageName]
List<String> problems = []
rules.each { key, rule ->
    String value = values.containsKey(key) ? values[key] : props.getProperty(key)
    if (value == null || !(value ==~ rule[0])) {
        problems << "${key}=${value} is not valid: use ${rule[1]}".toString()
    }
}
if (problems) {
    // Remove what the archetype wrote, never anything else.
    (sharedFiles + schemaFiles + packageFiles).each { new File(projectDir, it).delete() }
    (sharedDirs + schemaDirs + packageDirs + ['']).each { new File(projectDir, it).delete() } // only if empty
    problems.each { println "[sem] ${it}" }
    throw new IllegalArgumentException("Invalid archetype properties, nothing generated: " + problems.join('; '))
}

// The files of the other kind.
(isPackage ? schemaFiles : packageFiles).each { new File(projectDir, it).delete() }
(isPackage ? schemaDirs : packageDirs).each { new File(projectDir, it).delete() } // only if empty

// --- 1. executable mvnw ---------------------------------------------------------------------------
File mvnw = new File(projectDir, 'mvnw')
if (mvnw.isFile() && !mvnw.setExecutable(true, false)) {
    println "[sem] Could not make ${mvnw} executable: run chmod +x mvnw"
}

// --- 2. project.build.outputTimestamp = now ---------------------------------------------------------
File pom = new File(projectDir, 'pom.xml')
String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()
String pomText = pom.getText('UTF-8')
String stamped = pomText.replaceFirst(
        '<project\\.build\\.outputTimestamp>[^<]*</project\\.build\\.outputTimestamp>',
        "<project.build.outputTimestamp>${now}</project.build.outputTimestamp>")
if (stamped != pomText) {
    pom.setText(stamped, 'UTF-8')
}

// --- 3. git repository with a first commit --------------------------------------------------------
/** Runs git in dir; returns [exitCode, output], or null when git cannot be started or hangs. */
def git = { File dir, List<String> args ->
    List<String> command = ['git'] + args
    try {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir).redirectErrorStream(true)
        pb.environment().put('GIT_TERMINAL_PROMPT', '0')
        Process p = pb.start()
        p.outputStream.close()
        StringBuilder out = new StringBuilder()
        Thread reader = Thread.start {
            out.append(new String(p.inputStream.readAllBytes(), StandardCharsets.UTF_8))
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly()
            println "[sem] '${command.join(' ')}' did not finish within 120 s; stopped it"
            return null
        }
        reader.join(5000)
        return [p.exitValue(), out.toString().trim()]
    } catch (IOException e) {
        return null
    }
}

String repositoryName = isPackage ? "package repository for ${packageName}" : "schema repository for ${databaseName}"
String firstCommitHint = "git add . && git commit -m \"Initial ${repositoryName}\""

def gitVersion = git(projectDir, ['--version'])
if (gitVersion == null || gitVersion[0] != 0) {
    println ""
    println "[sem] git was not found, so ${projectDir} is not a git repository yet. sem:package builds the"
    println "[sem] archive from the ${isPackage ? 'files' : 'scripts'} committed at HEAD: install git, then run in that directory:"
    println "[sem]   git init && ${firstCommitHint}"
    return
}

if (new File(projectDir, '.git').exists()) {
    println "[sem] ${projectDir} already has .git: left as it is"
    return
}

// Inside another repository's work tree (a monorepo), and not ignored there: no nested repository.
def inside = git(projectDir, ['rev-parse', '--is-inside-work-tree'])
if (inside != null && inside[0] == 0 && inside[1] == 'true') {
    def ignored = git(projectDir, ['check-ignore', '-q', projectDir.path])
    if (ignored == null || ignored[0] != 0) {
        def top = git(projectDir, ['rev-parse', '--show-toplevel'])
        String topLevel = top != null && top[0] == 0 ? top[1] : 'the enclosing repository'
        println ""
        println "[sem] ${projectDir} lies inside the git work tree ${topLevel}:"
        println "[sem] no repository of its own was created. Commit the new directory there before ./mvnw verify:"
        println "[sem]   cd ${projectDir} && ${firstCommitHint}"
        return
    }
}

List<String> config = []
def defaultBranch = git(projectDir, ['config', '--get', 'init.defaultBranch'])
if (defaultBranch == null || defaultBranch[0] != 0) {
    config += ['-c', 'init.defaultBranch=main']
}
boolean fallbackAuthor = false
for (entry in [['user.name', 'sem'], ['user.email', 'sem@localhost']]) {
    def value = git(projectDir, ['config', '--get', entry[0]])
    if (value == null || value[0] != 0 || value[1].isEmpty()) {
        config += ['-c', "${entry[0]}=${entry[1]}".toString()]
        fallbackAuthor = true
    }
}

String message = "Initial ${repositoryName}" +
        (semVersion ? " (sem-archetype ${semVersion})" : '')
List<List<String>> steps = [
    ['init', '--quiet'],
    ['add', '-A'],
    ['commit', '--quiet', '-m', message.toString()],
]
for (List<String> step in steps) {
    def result = git(projectDir, config + step)
    if (result == null || result[0] != 0) {
        println ""
        println "[sem] 'git ${step[0]}' failed in ${projectDir}:"
        if (result != null && result[1]) {
            result[1].eachLine { println "[sem]   ${it}" }
        }
        println "[sem] Finish by hand before ./mvnw verify (sem:package needs the ${isPackage ? 'files' : 'scripts'} committed):"
        println "[sem]   cd ${projectDir} && git init && ${firstCommitHint}"
        return
    }
}

println ""
println "[sem] ${projectDir} is a git repository with a first commit: \"${message}\""
if (fallbackAuthor) {
    println "[sem] git has no user.name/user.email configured, so the commit's author is 'sem <sem@localhost>'."
    println "[sem] Set yours (git config --global user.name/user.email), then: git commit --amend --reset-author --no-edit"
}
println "[sem] Next: cd ${request.artifactId} && ./mvnw verify, then add a remote and push."
