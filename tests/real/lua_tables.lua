-- Lua 5.4: tables: arrays, insert/remove/concat/sort/unpack, a sort with a comparator,
-- hash keys counted, nested tables, metatables (__index, __add, __tostring, __len),
-- closures, integer and float arithmetic, goto, coroutines.
local t = {5, 3, 8, 1}
table.insert(t, 9)
table.insert(t, 1, 0)
print(#t, table.concat(t, ","))
print(table.remove(t), table.remove(t, 1), table.concat(t, ","))
table.sort(t)
print(table.concat(t, " "))
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " "))
print(table.unpack({1, 2, 3}))
local words = {}
for w in ("the cat and the dog and the bird"):gmatch("%a+") do
  words[w] = (words[w] or 0) + 1
end
local keys = {}
for k in pairs(words) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do io.write(k, "=", words[k], " ") end
print()
local nested = {a = {b = {c = "deep"}}}
print(nested.a.b.c, nested.x == nil)
local V = {}
V.__index = V
V.__add = function(p, q) return setmetatable({x = p.x + q.x, y = p.y + q.y}, V) end
V.__tostring = function(p) return "(" .. p.x .. "," .. p.y .. ")" end
V.__len = function() return 2 end
function V.norm2(p) return p.x * p.x + p.y * p.y end
local p = setmetatable({x = 1, y = 2}, V) + setmetatable({x = 3, y = 4}, V)
print(tostring(p), p:norm2(), #p)
local function counter()
  local c = 0
  return function() c = c + 1; return c end
end
local c1, c2 = counter(), counter()
c1(); c1()
print(c1(), c2())
print(7 // 2, 7 % 3, 7 / 2, 2^10, math.maxinteger, math.type(1), math.type(1.0))
print(1 << 62, 0xff ~ 0x0f, 10 == 10.0, math.tointeger(3.0))
local i = 0
::again::
i = i + 1
if i < 5 then goto again end
print("goto", i)
local co = coroutine.create(function(a)
  local b = coroutine.yield(a * 2)
  return a + b
end)
print(coroutine.resume(co, 10))
print(coroutine.resume(co, 5))
print(coroutine.status(co))
