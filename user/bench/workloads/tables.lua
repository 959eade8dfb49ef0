-- workload/lua (user/bench/bench_workloads.c): Lua 5.4 table and string work: build
-- 20,000 formatted keys, sort them, join them, scan the result with patterns, build a
-- map from it and rewrite it with gsub. Exits non-zero on a wrong answer.
local n = 20000
local keys = {}
for i = 1, n do
  keys[i] = string.format("key%05d:%d", (i * 7919) % n, i)
end
table.sort(keys)
local joined = table.concat(keys, ",")
local count = 0
for _ in joined:gmatch("key(%d+):(%d+)") do
  count = count + 1
end
local map = {}
for i = 1, n do
  local k, v = keys[i]:match("^(key%d+):(%d+)$")
  map[k] = tonumber(v)
end
local upper, replaced = joined:gsub("key", "K")
upper = upper:upper()
local total = 0
for _, v in pairs(map) do
  total = total + v
end
if count ~= n or replaced ~= n or total ~= n * (n + 1) // 2 or #upper ~= #joined - 2 * n then
  os.exit(1)
end
