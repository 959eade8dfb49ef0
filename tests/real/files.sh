# mkdir, cp, mv, rm, rmdir: files and trees, their errors, and what is left.
mkdir a
mkdir -p a/b/c
mkdir a 2>/dev/null || echo "mkdir a: exists"
echo data > a/f
cp a/f a/g
cat a/g
cp -r a copy
find copy | sort
mv a/g a/b/moved
ls a a/b
mv copy renamed
ls -d renamed copy 2>/dev/null
rm a/f
ls a
rm a/b 2>/dev/null || echo "rm a/b: is a directory"
rmdir a/b/c
rmdir a/b 2>/dev/null || echo "rmdir a/b: not empty"
rm -r a renamed
ls
echo x > p && chmod 444 p && cp p q && ls -l q | cut -c1-10
rm -f p q nothing
ls | wc -l
