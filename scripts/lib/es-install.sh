# shellcheck shell=bash
# Getting a runnable Elasticsearch: pinned version, JDK, Maven artifact, unpacked folder, dictionary, owner.
# Sets ES_VERSION, ES_HOME, ES_JAVA, RUN_AS (command prefix) for the start functions in elasticsearch.sh.

# True when every folder from / down to $1 lets other users through (Elasticsearch runs as its own user).
others_can_reach () {
  local dir=$1 mode
  while [ -n "$dir" ] && [ "$dir" != / ]; do
    mode=$(stat -c %A "$dir" 2> /dev/null) || return 1
    [[ ${mode:9:1} == [xt] ]] || return 1
    dir=$(dirname "$dir")
  done
}

# The node lives in the checkout's .cache/ — unless the checkout sits below a private folder (a home directory of
# mode 700) that the Elasticsearch user cannot enter: then in a folder of its own under /var/cache, one per checkout.
ES_CACHE=$CACHE_DIR/elasticsearch
if is_root && ! others_can_reach "$PROJECT_DIR"; then
  ES_CACHE=/var/cache/image-analyses-search/$(printf '%s' "$PROJECT_DIR" | sha1sum | cut -c1-12)/elasticsearch
fi
ES_GROUP=org.elasticsearch.distribution.integ-test-zip
ES_ARTIFACT=elasticsearch
ES_LOCAL_USER=${ES_LOCAL_USER:-elasticsearch-local}
RUN_AS=()

# The one pinned version lives in package.json (config.elasticsearch); npm exports it when run via npm.
es_pinned_version () {
  local v=${npm_package_config_elasticsearch:-}
  if [ -z "$v" ]; then
    command -v node > /dev/null || die "node is needed to read config.elasticsearch from package.json"
    v=$(cd "$PROJECT_DIR" && node -p "require('./package.json').config.elasticsearch") ||
      die "could not read config.elasticsearch from $PROJECT_DIR/package.json"
  fi
  [[ $v =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "package.json config.elasticsearch is not a version: '$v'"
  printf '%s' "$v"
}

# Major Java version of a JDK folder, from its release file (JAVA_VERSION="25.0.3" or "1.8.0_432").
java_major () {
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release" 2> /dev/null)
  [ -n "$v" ] && [ -x "$1/bin/java" ] || return 1
  v=${v#1.}
  printf '%s' "${v%%[!0-9]*}"
}

# Chooses the newest JDK in /usr/lib/jvm that the ES major supports (9.x: 21+, 8.x: 17+); an ES_JAVA_HOME
# from the environment wins when it is recent enough.
es_pick_jdk () {
  local need=$1 dir real major best='' best_major=0 seen=' ' found=()
  if [ -n "${ES_JAVA_HOME:-}" ]; then
    if major=$(java_major "$ES_JAVA_HOME") && ((major >= need)); then
      printf '%s' "$ES_JAVA_HOME"
      return
    fi
    warn "ES_JAVA_HOME=$ES_JAVA_HOME is not a Java $need+ JDK: looking in /usr/lib/jvm"
  fi
  for dir in /usr/lib/jvm/*/; do
    [ -d "$dir" ] || continue
    real=$(readlink -f "$dir")
    [[ $seen == *" $real "* ]] && continue
    seen+="$real "
    if major=$(java_major "$real"); then
      found+=("$real (Java $major)")
      if ((major >= need && major > best_major)); then best=$real best_major=$major; fi
    else
      found+=("$real (no JDK release file)")
    fi
  done
  [ -n "$best" ] || die "Elasticsearch $ES_VERSION needs a JDK $need or newer; /usr/lib/jvm has: ${found[*]:-nothing}." \
    "Install one (Debian: openjdk-$need-jdk-headless) or set ES_JAVA_HOME."
  printf '%s' "$best"
}

es_zip_path () {
  printf '%s/%s/%s/%s/%s-%s.zip' "${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}" "${ES_GROUP//.//}" \
    "$ES_ARTIFACT" "$1" "$ES_ARTIFACT" "$1"
}

# Maven is the only way in: the repo never names a download host. MAVEN_REPO_LOCAL points at a custom local repo.
es_fetch_zip () {
  local zip args
  zip=$(es_zip_path "$ES_VERSION")
  [ -s "$zip" ] && return 0
  command -v mvn > /dev/null || apt_install maven || die "mvn is needed to fetch Elasticsearch (Debian package: maven)"
  log "fetching Elasticsearch $ES_VERSION with Maven ($ES_GROUP) ..."
  args=(-q -B -Dstyle.color=never dependency:get "-Dartifact=$ES_GROUP:$ES_ARTIFACT:$ES_VERSION:zip" -Dtransitive=false)
  [ -n "${MAVEN_REPO_LOCAL:-}" ] && args+=("-Dmaven.repo.local=$MAVEN_REPO_LOCAL")
  mvn "${args[@]}" >&2 || die "mvn could not fetch $ES_GROUP:$ES_ARTIFACT:$ES_VERSION:zip"
  [ -s "$zip" ] || die "mvn succeeded but $zip is missing: if settings.xml sets localRepository, export MAVEN_REPO_LOCAL"
}

# Unpacks through a temporary folder and a rename, so an interrupted run never leaves a half folder that looks done.
es_unpack () {
  local zip tmp name
  [ -x "$ES_HOME/bin/elasticsearch" ] && return 0
  zip=$(es_zip_path "$ES_VERSION")
  name=$(basename "$ES_HOME")
  mkdir -p "$ES_CACHE"
  tmp=$(mktemp -d "$ES_CACHE/.unpack.XXXXXX")
  log "unpacking $zip ..."
  if ! unzip_to "$zip" "$tmp" "$ES_JAVA/bin/jar" || [ ! -x "$tmp/$name/bin/elasticsearch" ]; then
    rm -rf "$tmp"
    die "could not unpack $zip (delete it to have Maven fetch it again)"
  fi
  mv "$tmp/$name" "$ES_HOME"
  rm -rf "$tmp"
}

# English hunspell dictionary for the text analyzer: the npm package first, Debian's hunspell-en-us second.
es_install_hunspell () {
  local npm_dict=$PROJECT_DIR/node_modules/dictionary-en deb=/usr/share/hunspell/en_US aff dic
  local dest=$ES_HOME/config/hunspell/en_US
  if [ -f "$npm_dict/index.aff" ] && [ -f "$npm_dict/index.dic" ]; then
    aff=$npm_dict/index.aff dic=$npm_dict/index.dic
  elif [ -f "$deb.aff" ] || apt_install hunspell-en-us && [ -f "$deb.aff" ]; then
    aff=$deb.aff dic=$deb.dic
  else
    warn "no English hunspell dictionary (node_modules/dictionary-en nor hunspell-en-us): the app will use the standard analyzer"
    return 0
  fi
  mkdir -p "$dest"
  cmp -s "$aff" "$dest/en_US.aff" || cp -L "$aff" "$dest/en_US.aff"
  cmp -s "$dic" "$dest/en_US.dic" || cp -L "$dic" "$dest/en_US.dic"
}

# Elasticsearch refuses to run as root: as root, run it as a dedicated system user that owns its folders.
es_setup_user () {
  local dir group
  is_root || return 0
  if ! id -u "$ES_LOCAL_USER" > /dev/null 2>&1; then
    log "creating system user $ES_LOCAL_USER for Elasticsearch"
    useradd -r -M -d /nonexistent -s /usr/sbin/nologin "$ES_LOCAL_USER" || die "useradd $ES_LOCAL_USER failed"
  fi
  group=$(id -gn "$ES_LOCAL_USER")
  for dir in "$@"; do
    mkdir -p "$dir"
    find "$dir" ! -user "$ES_LOCAL_USER" -exec chown -h "$ES_LOCAL_USER:$group" {} +
  done
  RUN_AS=(runuser -u "$ES_LOCAL_USER" --)
  "${RUN_AS[@]}" test -x "$ES_HOME/bin/elasticsearch" ||
    die "user $ES_LOCAL_USER cannot reach $ES_HOME: make its parent folders traversable (chmod o+x) or move the checkout"
}

# Everything a node needs before `bin/elasticsearch`, in an order where each step can use the one before.
es_prepare () {
  local need=21
  ES_VERSION=$(es_pinned_version)
  ES_HOME=$ES_CACHE/elasticsearch-$ES_VERSION
  case ${ES_VERSION%%.*} in 7) need=11 ;; 8) need=17 ;; esac
  ES_JAVA=$(es_pick_jdk "$need")
  es_fetch_zip
  es_unpack
  es_install_hunspell
}
