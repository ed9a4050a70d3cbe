import java.util.zip.GZIPInputStream

def log = new File(basedir, 'build.log').text
def scripts = new File(basedir, 'scripts').canonicalPath
assert log.contains('[ERROR] Failed to execute goal dev.sem:sem-maven-plugin:')
assert log.contains("${scripts} differs from HEAD (")
assert log.contains("modified or deleted since HEAD: 20261121-071000.sql; "
        + "not committed (untracked or only staged): 20261121-080000.sql. "
        + 'Only committed scripts are packaged: commit them (from ')
assert log.contains(': git add scripts && git commit), or package HEAD anyway with -Dsem.package.allowDirty=true')
assert log.contains('[WARNING] Packaging HEAD (')
assert log.contains('these changes are not in the archive')

File archive = new File(basedir, 'target/dirty-db-2.0.0-SNAPSHOT.tar.gz')
assert archive.isFile()
// The archive holds HEAD's script, not the edited one, and every entry has project.build.outputTimestamp as mtime.
def tar = new GZIPInputStream(new FileInputStream(archive)).withCloseable { it.bytes }
def text = new String(tar, 'ISO-8859-1')
assert text.contains('create table t (id int);\n')
assert !text.contains('bigint')
assert !text.contains('20261121-080000.sql')
def mtime = Long.toOctalString(java.time.Instant.parse('2030-01-02T03:04:05Z').epochSecond)
assert new String(tar, 136, 11, 'US-ASCII') == mtime.padLeft(11, '0')
assert text.contains('Created: 2030-01-02 03:04:05 UTC\nGit Tag: 2.0.0-SNAPSHOT\n')
true
