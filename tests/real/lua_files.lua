-- Lua 5.4: files through the io and os libraries: write, append, read by lines, numbers
-- and whole, seek, rename, remove, a missing file's error, io.lines, os.tmpname-free.
local name = "/tmp/lua_files.txt"
local f = assert(io.open(name, "w"))
f:write("first line\n", 42, " ", 3.5, "\n")
f:close()
f = assert(io.open(name, "a"))
f:write("third\n")
f:close()
f = assert(io.open(name, "r"))
print(f:read("l"))
print(f:read("n"), f:read("n"))
print(f:read("a"))
print(f:seek("set", 6), f:read(4))
print(f:seek("end"))
f:close()
local n = 0
for line in io.lines(name) do n = n + 1 end
print("lines", n)
assert(os.rename(name, name .. ".new"))
print(io.open(name) == nil, io.open(name .. ".new") ~= nil)
print(select(2, io.open("/tmp/does-not-exist")))
print(os.remove(name .. ".new"), io.open(name .. ".new"))
local out = assert(io.open("data.bin", "wb"))
for i = 0, 255 do out:write(string.char(i)) end
out:close()
local data = assert(io.open("data.bin", "rb")):read("a")
print(#data, data:byte(1), data:byte(256))
print(os.getenv("HOME") ~= nil or true, type(os.time()), type(os.clock()))
