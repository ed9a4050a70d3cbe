def log = new File(basedir, 'build.log').text
assert log.contains('sem:help')
assert log.contains('This plugin has')
true
