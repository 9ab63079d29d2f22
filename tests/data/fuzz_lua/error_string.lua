error(ARGV[1])bad
 news