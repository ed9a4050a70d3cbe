// basedir is the test directory; the generated project is project/<artifactId> below it.
File project = new File(basedir, 'project/crm')
evaluate(new File(basedir, '../common.groovy')).call(project, [
        artifactId     : 'crm',
        version        : '1.0.0-SNAPSHOT',
        databaseName   : 'crm',
        postgresVersion: '17',
])
return true
