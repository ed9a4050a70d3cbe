import java.security.MessageDigest
import java.util.zip.GZIPInputStream

def sha256(File f) { MessageDigest.getInstance('SHA-256').digest(f.bytes).encodeHex().toString() }

/** Entry name -> [type, mtime, bytes] of a plain ustar archive (no pax headers expected for these short names). */
def list(File tarGz) {
    def entries = [:]
    new GZIPInputStream(new FileInputStream(tarGz)).withCloseable { input ->
        def bytes = input.bytes
        int pos = 0
        while (pos + 512 <= bytes.length) {
            byte[] header = Arrays.copyOfRange(bytes, pos, pos + 512)
            if (header.every { it == 0 }) break
            def field = { int from, int len -> new String(header, from, len, 'UTF-8').replace('\u0000', '').trim() }
            String name = field(0, 100)
            String prefix = field(345, 155)
            if (prefix) name = prefix + '/' + name
            long size = Long.parseLong(field(124, 12) ?: '0', 8)
            long mtime = Long.parseLong(field(136, 12), 8)
            char type = (char) header[156]
            byte[] content = Arrays.copyOfRange(bytes, pos + 512, pos + 512 + (int) size)
            entries[name] = [type: type, mtime: mtime, content: content]
            pos += 512 + (int) ((size + 511).intdiv(512) * 512)
        }
    }
    entries
}

def log1 = new File(basedir, 'build.log').text
assert log1.contains('Created distribution file at ')

File first = new File(basedir, 'target/first/orders-db-1.0.0.tar.gz')
File second = new File(basedir, 'target/orders-db-1.0.0.tar.gz')
File installed = new File(localRepositoryPath, 'dev/sem/it/orders-db/1.0.0/orders-db-1.0.0-scripts.tar.gz')
[first, second, installed].each { assert it.isFile(): "missing ${it}" }
assert sha256(first) == sha256(second): 'two builds of one commit differ'
assert sha256(second) == sha256(installed)

def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/first/report.json'))
assert report.sha256 == sha256(first)
assert report.scripts == 2
assert report.artifact == 'dev.sem.it:orders-db:tar.gz:scripts:1.0.0'
assert report.chain ==~ /[0-9a-f]{64}/

def entries = list(second)
assert entries.keySet() as List == [
        'orders-db-1.0.0/',
        'orders-db-1.0.0/scripts/',
        'orders-db-1.0.0/CHANGES',
        'orders-db-1.0.0/VERSION',
        'orders-db-1.0.0/scripts/.exists',
        'orders-db-1.0.0/scripts/20261121-071000.sql',
        'orders-db-1.0.0/scripts/20261121-072000.sql',
        'orders-db-1.0.0/sem-manifest.json']
long commitTime = java.time.Instant.parse('2026-11-21T07:19:33Z').epochSecond
entries.each { name, e -> assert e.mtime == commitTime: "${name} has mtime ${e.mtime}" }
assert new String(entries['orders-db-1.0.0/VERSION'].content, 'UTF-8') == '1.0.0'
def changes = new String(entries['orders-db-1.0.0/CHANGES'].content, 'UTF-8')
assert changes.startsWith('Created: 2026-11-21 07:19:33 UTC\nGit Tag: 1.0.0\n\n')
assert changes =~ /(?m)^  [0-9a-f]{7} 2026-11-21 \| Add order scripts \(HEAD -> main, tag: 1\.0\.0\) \[it\]$/
def manifest = new groovy.json.JsonSlurper().parseText(new String(entries['orders-db-1.0.0/sem-manifest.json'].content, 'UTF-8'))
assert manifest.artifact == 'dev.sem.it:orders-db:1.0.0'
assert manifest.toolVersion ==~ /\d+\.\d+\.\d+.*/ // the plugin's version, not a placeholder
assert manifest.scripts*.name == ['20261121-071000.sql', '20261121-072000.sql']
assert manifest.scripts[0].sha256 == sha256(new File(basedir, 'scripts/20261121-071000.sql'))
true
