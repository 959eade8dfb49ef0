# cd and pwd: absolute and relative, .., cd -, $PWD and $OLDPWD, a symlinked directory
# (logical and physical), cd into a missing directory fails.
cd /tmp
pwd
mkdir -p /tmp/cdtest/a/b
cd cdtest/a/b
pwd
cd ../..
pwd
echo "$PWD"
cd -
echo "OLDPWD=$OLDPWD"
ln -s /tmp/cdtest/a /tmp/cdtest/link
cd /tmp/cdtest/link/b
pwd
pwd -P
cd ..
pwd
cd /nonexistent 2>/dev/null || echo "cd failed"
pwd
cd /
rm -r /tmp/cdtest
pwd
