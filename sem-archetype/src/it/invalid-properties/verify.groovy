// Each invalid generation failed with a message naming the property and a valid example, and left nothing behind.
String log = new File(basedir, 'build.log').text
assert log.contains('[sem] databaseName=Bad.Name is not valid')
assert log.contains('[sem] databaseName=My.App is not valid')
assert log.contains('(it defaults to the artifactId); for example -DdatabaseName=my_app')
assert log.contains('[sem] postgresVersion=9 is not valid: use a PostgreSQL major from 13 to 18')
assert log.contains('[sem] repositoryKind=library is not valid: use schema (upgrade scripts for one database, the default) or package')
assert log.contains('[sem] packageName=9_Lives is not valid')
assert log.contains('(it defaults to the artifactId with - replaced by _); for example -DpackageName=_9_lives')
assert log.contains('[sem] version=1.0-SNAPSHOT is not valid: use major.minor.patch')
assert !log.contains('[sem] databaseName=9-Lives'): 'databaseName is not used by packages'
assert log.contains('Invalid archetype properties, nothing generated')
['crm', 'My.App', '9-Lives'].each { assert !new File(basedir, it).exists(): "${it} was left behind" }
true
