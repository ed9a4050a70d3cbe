// basedir is the test directory; the generated project is project/<artifactId> below it.
File project = new File(basedir, 'project/Billing.Schema')
evaluate(new File(basedir, '../common.groovy')).call(project, [
        artifactId     : 'Billing.Schema',
        version        : '2.3.0-SNAPSHOT',
        databaseName   : 'billing_prod-2',
        postgresVersion: '13',
])
return true
