if ARGV[1] == 'raise' then error({err=ARGV[2]}) end return {err=ARGV[2]}kraiseERR x
y