// Each invalid generation failed with a message naming the property and a valid example, and left nothing behind.
String log = new File(basedir, 'build.log').text
assert log.contains('[sem] databaseName=Bad.Name is not valid')
assert log.contains('[sem] databaseName=My.App is not valid')
assert log.contains('(it defaults to the artifactId); for example -DdatabaseName=my_app')
assert log.contains('[sem] postgresVersion=9 is not valid: use a PostgreSQL major from 13 to 18')
assert log.contains('Invalid archetype properties, nothing generated')
['crm', 'My.App'].each { assert !new File(basedir, it).exists(): "${it} was left behind" }
true
