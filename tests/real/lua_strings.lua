-- Lua 5.4: strings: format, find, match and captures, gsub with a function and a
-- table, rep, reverse, byte/char, upper/lower, pack/unpack, utf8, pcall and error.
print(string.format("%d %5.2f %s %q %x %-5s|", 42, math.pi, "str", "a\"b", 255, "ab"))
print(("hello world"):find("wor"), ("hello"):find("l+"))
print(("key = value"):match("(%w+)%s*=%s*(%w+)"))
print(("2024-01-15"):match("(%d+)-(%d+)-(%d+)"))
print(("hello world"):gsub("o", "0"))
print(("$name is $age"):gsub("%$(%w+)", {name = "Ann", age = "7"}))
print(("abc"):gsub("%w", function(c) return c:upper() .. "." end))
print(("ab"):rep(3, "-"), ("stressed"):reverse(), ("MiXeD"):lower(), ("MiXeD"):upper())
print(string.byte("ABC", 1, 3), string.char(72, 105))
print(#string.pack("i4i8", 1, 2), string.unpack("i4", string.pack("i4", -7)))
print(utf8.char(72, 228, 8364), utf8.len("häh"), #"häh")
local ok, err = pcall(error, {code = 3})
print(ok, type(err), err.code)
print(pcall(function() local x = nil; return x.y end))
print(select("#", 1, nil, 3), tostring(nil), tonumber("0x10"), tonumber("1e2"), tonumber("z", 36))
local parts = {}
for field in ("a,b,,c"):gmatch("([^,]*)") do parts[#parts + 1] = "<" .. field .. ">" end
print(table.concat(parts))
print(string.format("%g %g %.3f", 1e20, 0.1, 2/3), 3 | 5, "10" + 5, 10 .. 20)
