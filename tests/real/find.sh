# find: everything under a directory, -name, -type, -maxdepth, -exec,
# -delete (outputs sorted: the order of readdir is the file system's).
mkdir -p t/a/b t/c
for f in t/one.txt t/a/two.txt t/a/b/three.log t/c/four.txt; do : > $f; done
find t | sort
echo --
find t -name '*.txt' | sort
echo --
find t -type d | sort
echo --
find t -maxdepth 1 -type f
find t -name '*.log' -exec cat {} \; -print
find t -name 'f*' -delete
find t -name '*.txt' | wc -l
find t/missing 2>/dev/null; echo "status $?"
