return redis.error_reply(ARGV[1])-LOCKED by
 x
