return redis.status_reply(ARGV[1])fine
not