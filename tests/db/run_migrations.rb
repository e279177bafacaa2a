# frozen_string_literal: true

# Runs the migrations of every golden case on PostgreSQL (scripts/test-db
# starts the server and sets PGHOST). For each tests/golden/<case>/:
#
# 1. two databases, main and geo (GitLab's main and Geo tracking databases),
#    each created from the case's fixture schema (tests/db/fixtures.txt);
# 2. every migration of the case (db/migrate, db/post_migrate,
#    ee/db/geo/migrate, ee/db/geo/post_migrate), `up` in timestamp order
#    through ActiveRecord's migrator (so transactions and
#    disable_ddl_transaction! behave as in a deploy); a migration that claims
#    to be re-runnable is run `up` a second time, which must change nothing;
# 3. the tables the migrations created or changed, compared with
#    tests/schema/<case>.txt (GOLDEN=overwrite rewrites it);
# 4. every migration `down` in reverse order, after which both databases must
#    be exactly as the fixture schema made them.
#
# Usage: ruby tests/db/run_migrations.rb [CASE...]

require 'active_record'
require 'pg'
require 'fileutils'
require 'open3'
require 'set'
require 'stringio'
require 'logger'
require_relative 'gitlab_stand_ins'

ROOT = File.expand_path('../..', __dir__)
GOLDEN_DIR = File.join(ROOT, 'tests/golden')
SCHEMA_DIR = File.join(ROOT, 'tests/schema')
FIXTURE_MAP = File.join(ROOT, 'tests/db/fixtures.txt')

# GitLab's layout: where each database's migrations and schema live.
DATABASES = {
  'main' => { migrate: %w[db/migrate db/post_migrate], schema: %w[db/structure.sql db/schema.rb] },
  'geo' => { migrate: %w[ee/db/geo/migrate ee/db/geo/post_migrate],
             schema: %w[ee/db/geo/structure.sql ee/db/geo/schema.rb] }
}.freeze

# Rails' bookkeeping, not part of what a migration should change.
BOOKKEEPING = %w[schema_migrations ar_internal_metadata].freeze

# What makes a migration claim it can run `up` again: existence guards, or no
# DDL transaction (GitLab requires such migrations to survive a retry after a
# partial run, and its concurrent helpers skip what already exists).
RERUNNABLE = /\b(?:if_not_exists:\s*true|if_exists:\s*true|table_exists\?|column_exists\?|index_exists\?|
  index_exists_by_name\?|foreign_key_exists\?|check_constraint_exists\?|disable_ddl_transaction!)/x

class CaseFailure < StandardError; end

# A migration file of a case.
Migration = Struct.new(:db, :path, :version, :name) do
  def basename
    File.basename(path)
  end

  def source
    File.read(path)
  end

  def rerunnable?
    source.match?(RERUNNABLE)
  end
end

# Loads the migration's file afresh each time: the same class name
# (CreateWidgetRegistry) is defined by several cases, possibly differently.
class FreshMigrationProxy < ActiveRecord::MigrationProxy
  private

  def load_migration
    Object.send(:remove_const, name) if Object.const_defined?(name, false)
    load(File.expand_path(filename))
    unless Object.const_defined?(name, false)
      raise CaseFailure, "#{basename} does not define class #{name} (Rails derives it from the file name)"
    end

    name.constantize.new(name, version)
  end
end

# One PostgreSQL cluster, reached through PGHOST/PGUSER.
class Cluster
  def initialize
    @admin = PG.connect(dbname: 'postgres')
    @admin.exec('SET client_min_messages TO warning')
    @handlers = {}
    @raw = {}
    @psql = File.join(ENV.fetch('PG_BIN', ''), 'psql')
    @psql = 'psql' unless File.executable?(@psql)
  end

  def create(db, template: nil)
    drop(db)
    # FILE_COPY: a copy of the files, quicker than WAL-logging each block.
    @admin.exec("CREATE DATABASE #{@admin.quote_ident(db)}" \
                "#{" TEMPLATE #{@admin.quote_ident(template)} STRATEGY FILE_COPY" if template}")
  end

  def drop(db)
    disconnect(db)
    @admin.exec("DROP DATABASE IF EXISTS #{@admin.quote_ident(db)} WITH (FORCE)")
  end

  # Points ActiveRecord::Base (and so migrations) at `db`. Each database
  # keeps its own connection handler, so switching costs no reconnection.
  def use(db)
    @handlers[db] ||= ActiveRecord::ConnectionAdapters::ConnectionHandler.new.tap do |handler|
      handler.establish_connection(
        { adapter: 'postgresql', database: db, host: ENV.fetch('PGHOST'), username: ENV.fetch('PGUSER', nil),
          advisory_locks: false, min_messages: 'warning' }
      )
    end
    ActiveRecord::Base.connection_handler = @handlers[db]
  end

  def disconnect(db)
    @handlers.delete(db)&.clear_all_connections!
    @raw.delete(db)&.close
  end

  def load_schema(db, path, migrate_dirs)
    if path.end_with?('.sql')
      out, status = Open3.capture2e({ 'PGOPTIONS' => '-c client_min_messages=warning' }, @psql,
        '-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-d', db, '-f', path)
      raise CaseFailure, "loading #{rel(path)} failed:\n#{out}" unless status.success?
    else
      use(db)
      # schema.rb marks the migrations under these directories as run, as
      # `db:schema:load` does.
      ActiveRecord::Migrator.migrations_paths = migrate_dirs
      begin
        load(path)
      rescue StandardError, ScriptError => e
        raise CaseFailure, "loading #{rel(path)} failed: #{e.message}"
      ensure
        ActiveRecord::Migrator.migrations_paths = []
      end
      disconnect(db)
    end
  end

  def run(db, migration, direction)
    use(db)
    proxy = FreshMigrationProxy.new(migration.name, migration.version, migration.path, '')
    ActiveRecord::Migrator.new(direction, [proxy], ActiveRecord::SchemaMigration, migration.version).run
  rescue StandardError, ScriptError => e
    cause = e.cause || e
    cause = cause.cause while cause.cause && !cause.is_a?(GeoScaffoldStandIns::MissingStandIn)
    raise CaseFailure, "#{direction} #{migration.db}/#{migration.basename}: #{cause.class}: #{cause.message.strip}"
  end

  def forget(db, migration)
    use(db)
    ActiveRecord::Base.connection.execute(
      "DELETE FROM schema_migrations WHERE version = #{ActiveRecord::Base.connection.quote(migration.version.to_s)}"
    )
  end

  # The schema of `db`: { "table widgets" => [lines], "sequence x" => [...], ... }.
  def snapshot(db)
    Snapshot.new(@raw[db] ||= PG.connect(dbname: db)).take
  end

  def rel(path)
    path.delete_prefix("#{ROOT}/")
  end
end

# Reads a database's schema from the catalog, a handful of queries whatever
# the number of tables.
class Snapshot
  def initialize(conn)
    @conn = conn
  end

  def take
    out = {}
    tables = rows(<<~SQL, BOOKKEEPING.join(','))
      SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> ALL (string_to_array($1, ','))
      ORDER BY c.relname
    SQL
    oids = tables.map(&:first).join(',')
    parts = Hash.new { |h, k| h[k] = [] }
    columns(oids).each { |oid, line| parts[oid] << line }
    rows(<<~SQL, "{#{oids}}").each do |oid, name, unique, primary, valid, definition|
      SELECT x.indrelid, i.relname, x.indisunique, x.indisprimary, x.indisvalid, pg_get_indexdef(x.indexrelid)
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = ANY ($1::oid[]) ORDER BY i.relname
    SQL
      flags = []
      flags << 'primary' if primary == 't'
      flags << 'unique' if unique == 't' && primary != 't'
      flags << 'INVALID' if valid != 't'
      parts[oid] << "  index #{name}  #{[*flags, definition.sub(/\A.* USING /, '')].join(' ')}"
    end
    rows(<<~SQL, "{#{oids}}").each { |oid, name, definition| parts[oid] << "  constraint #{name}  #{definition}" }
      SELECT conrelid, conname, pg_get_constraintdef(oid) FROM pg_constraint
      WHERE conrelid = ANY ($1::oid[]) ORDER BY conname
    SQL
    rows(<<~SQL, "{#{oids}}").each do |oid, name, definition|
      SELECT tgrelid, tgname, pg_get_triggerdef(oid) FROM pg_trigger
      WHERE tgrelid = ANY ($1::oid[]) AND NOT tgisinternal ORDER BY tgname
    SQL
      parts[oid] << "  trigger #{name}  #{definition.sub(/\A.* (BEFORE|AFTER|INSTEAD OF) /, '\1 ')}"
    end
    tables.each { |oid, name| out["table #{name}"] = parts[oid] }
    rows(<<~SQL).each { |name, type| out["sequence #{name}"] = ["  #{type}"] }
      SELECT c.relname, format_type(s.seqtypid, NULL) FROM pg_sequence s
      JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' ORDER BY c.relname
    SQL
    rows(<<~SQL).each { |name, args, body| out["function #{name}(#{args})"] = body.lines.map { |l| "  #{l.rstrip}" } }
      SELECT p.proname, pg_get_function_identity_arguments(p.oid), pg_get_functiondef(p.oid)
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' ORDER BY p.proname, 2
    SQL
    rows('SELECT extname FROM pg_extension ORDER BY extname').each { |(name)| out["extension #{name}"] = [] }
    # Not schema, but `down` must take its versions out again.
    out[VERSIONS] = rows('SELECT version FROM schema_migrations ORDER BY version').flatten
    out
  rescue PG::UndefinedTable
    # No schema_migrations yet: no migration has run.
    out[VERSIONS] = []
    out
  end

  private

  def rows(sql, *params)
    @conn.exec_params(sql, params).values
  end

  # [oid, line] per column, in table order, aligned per table.
  def columns(oids)
    all = rows(<<~SQL, "{#{oids}}")
      SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
        pg_get_expr(d.adbin, d.adrelid)
      FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = ANY ($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum
    SQL
    all.group_by(&:first).flat_map do |oid, cols|
      name_width = cols.map { |c| c[1].size }.max
      type_width = cols.map { |c| c[2].size }.max
      cols.map do |_, name, type, not_null, default|
        line = +"  column #{name.ljust(name_width)}  #{type.ljust(type_width)}"
        line << '  not null' if not_null == 't'
        line << "  default #{default}" if default
        [oid, line.rstrip]
      end
    end
  end
end

# The snapshot key of the applied migration versions, left out of goldens.
VERSIONS = 'schema_migrations versions'

# What changed between two snapshots, as text: each new or changed object in
# full, each removed one by name.
def changes(before, after)
  keys = (before.keys | after.keys).sort
  keys.each_with_object([]) do |key, out|
    next if before[key] == after[key]

    if !after.key?(key)
      out << "#{key} (removed)"
    else
      out << "#{key} (#{before.key?(key) ? 'changed' : 'new'})"
      out.concat(after[key])
    end
    out << ''
  end
end

def case_fixture(name)
  File.readlines(FIXTURE_MAP).each do |line|
    next if line.strip.empty? || line.start_with?('#')

    pattern, fixture = line.split(/\s+/, 2).map(&:strip)
    return fixture if File.fnmatch(pattern, name)
  end
  raise CaseFailure, "no fixture for case #{name} in tests/db/fixtures.txt"
end

def case_migrations(dir)
  DATABASES.flat_map do |db, spec|
    spec[:migrate].flat_map do |sub|
      Dir.glob(File.join(dir, sub, '*.rb')).map do |path|
        m = File.basename(path).match(/\A(\d{14})_(\w+)\.rb\z/)
        raise CaseFailure, "#{path}: not a migration file name (<14-digit timestamp>_<name>.rb)" unless m

        Migration.new(db, path, m[1].to_i, m[2].camelize)
      end
    end
  end.sort_by { |m| [m.version, m.db] }
end

def schema_file(fixture, db)
  DATABASES[db][:schema].map { |rel| File.join(ROOT, fixture, rel) }.find { |p| File.file?(p) }
end

# The main and geo databases of each fixture, shared by its cases: every case
# must leave them exactly as it found them (checked after `down`). They are
# copies of template databases loaded once from the fixture's schema; a failed
# case has its copies dropped and made again.
class FixtureDatabases
  def initialize(cluster)
    @cluster = cluster
    @templates = {}
    @working = {}
  end

  # { "main" => database name, "geo" => database name }
  def for(fixture)
    @working[fixture] ||= templates(fixture).to_h do |db, template|
      name = template.sub(/\Atemplate/, 'fixture')
      @cluster.create(name, template: template)
      [db, name]
    end
  end

  # Drops the copies of `dbs` (the databases a failed case touched).
  def discard(fixture, dbs)
    working = @working[fixture] or return
    dbs.each do |db|
      @cluster.drop(working[db])
      @cluster.create(working[db], template: @templates[fixture][db])
    end
  end

  private

  def templates(fixture)
    @templates[fixture] ||= begin
      n = @templates.size + 1
      DATABASES.each_key.to_h do |db|
        path = schema_file(fixture, db)
        unless path
          raise CaseFailure,
            "fixture #{fixture} has no #{db} database schema (#{DATABASES[db][:schema].join(' or ')})"
        end

        name = "template#{n}_#{db}"
        @cluster.create(name)
        @cluster.load_schema(name, path, DATABASES[db][:migrate].map { |d| File.join(ROOT, fixture, d) })
        [db, name]
      end
    end
  end
end

def compare_golden(path, text)
  rel = path.delete_prefix("#{ROOT}/")
  if ENV['GOLDEN'] == 'overwrite'
    FileUtils.mkdir_p(File.dirname(path))
    File.write(path, text)
    return
  end
  raise CaseFailure, "no schema golden #{rel}: run `GOLDEN=overwrite scripts/test-db` and read the diff" unless File.file?(path)

  want = File.read(path)
  return if want == text

  diff, = Open3.capture2('diff', '-u', '--label', rel, '--label', 'got', path, '-', stdin_data: text)
  raise CaseFailure, "schema differs from #{rel} (GOLDEN=overwrite regenerates):\n#{diff}"
end

# One case: `dir` holds its migrations in GitLab's layout; `golden` is the
# schema golden to compare with (none for the self-test cases that must fail).
def run_case(cluster, databases, dir:, fixture:, golden:)
  migrations = case_migrations(dir)
  return [:skip, 0, 'no migrations'] if migrations.empty?

  # Both databases exist whatever the case touches, as in a GitLab deploy.
  on = databases.for(fixture)
  start = DATABASES.keys.to_h { |db| [db, cluster.snapshot(on[db])] }

  twice = []
  migrations.each do |m|
    cluster.run(on[m.db], m, :up)
    next unless m.rerunnable?

    once = cluster.snapshot(on[m.db])
    cluster.forget(on[m.db], m)
    cluster.run(on[m.db], m, :up)
    again = changes(once, cluster.snapshot(on[m.db]))
    raise CaseFailure, "up again #{m.db}/#{m.basename} changed the schema:\n#{again.join("\n")}" unless again.empty?

    twice << m
  end

  up = DATABASES.keys.to_h { |db| [db, cluster.snapshot(on[db])] }
  text = +"# #{dir.delete_prefix("#{ROOT}/")}, on #{fixture}: the tables its migrations create or change,\n"
  text << "# as they are after `up` (scripts/test-db; GOLDEN=overwrite regenerates).\n"
  migrations.each do |m|
    text << "# up #{m.db.ljust(4)} #{m.basename}#{' (twice)' if twice.include?(m)}\n"
  end
  DATABASES.each_key do |db|
    diff = changes(start[db].except(VERSIONS), up[db].except(VERSIONS))
    next if diff.empty?

    text << "\n== #{db} database\n\n" << diff.join("\n").rstrip << "\n"
  end
  # A schema that differs from its golden is reported after `down` has been
  # checked too, so that one run shows both.
  mismatch = begin
    compare_golden(golden, text) if golden
    nil
  rescue CaseFailure => e
    e
  end

  migrations.reverse_each { |m| cluster.run(on[m.db], m, :down) }
  DATABASES.each_key do |db|
    left = changes(start[db], cluster.snapshot(on[db]))
    raise CaseFailure, "after down, the #{db} database differs from the fixture schema:\n#{left.join("\n")}" unless left.empty?
  end
  raise mismatch if mismatch

  dbs = migrations.map(&:db).uniq.sort.join('+')
  [:ok, migrations.size, "#{migrations.size} migrations up#{", #{twice.size} twice" unless twice.empty?}, down (#{dbs})"]
rescue StandardError
  # Whatever the case left behind must not reach the next one.
  if start
    left = start.keys.reject { |db| changes(start[db], cluster.snapshot(on[db])).empty? }
    databases.discard(fixture, left)
  end
  raise
end

# Runs one case, printing its line; returns [status, migration count].
def report_case(log, label)
  log.truncate(0)
  log.rewind
  started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  status, count, detail = yield
  took = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
  puts "  #{status == :ok ? 'ok  ' : 'skip'}  #{label}: #{detail} (#{format('%.2f', took)} s)"
  [status, count]
rescue StandardError => e
  puts "  FAIL  #{label}: #{e.message}"
  # A migration that failed: show what it sent last.
  if e.message.match?(/\A(up|down|up again) /)
    sql = log.string.lines.last(8)
    puts "        last SQL:\n#{sql.map { |l| "          #{l}" }.join}" unless sql.empty?
  end
  [:fail, 0]
end

# The harness's own cases under tests/db/self_test/: each must end as its
# `expect` file says ("ok", or a text the failure must contain), so that the
# checks above are known to fail when they should.
def self_test(cluster, databases, log)
  dir = File.join(ROOT, 'tests/db/self_test')
  results = Dir.children(dir).select { |c| File.directory?(File.join(dir, c)) }.sort.map do |name|
    expect = File.read(File.join(dir, name, 'expect')).strip
    golden = File.join(dir, "#{name}.txt") if expect == 'ok'
    run = lambda do
      run_case(cluster, databases, dir: File.join(dir, name), fixture: 'fixtures/gitlab', golden: golden)
    end
    if expect == 'ok'
      report_case(log, "self-test #{name}", &run).first == :ok
    else
      started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      begin
        run.call
        puts "  FAIL  self-test #{name}: passed, but must fail with: #{expect}"
        false
      rescue StandardError => e
        took = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
        if e.message.include?(expect)
          puts "  ok    self-test #{name}: fails as it must (#{format('%.2f', took)} s)"
          next true
        end

        puts "  FAIL  self-test #{name}: must fail with: #{expect}\n        but failed with: #{e.message}"
        false
      end
    end
  end
  puts "harness self-test: #{results.count(true)} passed, #{results.count(false)} failed"
  results.all?
end

def main(args)
  ActiveRecord::Migration.verbose = false
  ActiveRecord::Migrator.migrations_paths = []
  log = StringIO.new
  ActiveRecord::Base.logger = Logger.new(log, level: :debug, formatter: ->(_s, _t, _p, msg) { "#{msg}\n" })
  ActiveSupport::LogSubscriber.colorize_logging = false

  names = Dir.children(GOLDEN_DIR).select { |c| File.directory?(File.join(GOLDEN_DIR, c)) }.sort
  unknown = args - names
  abort "run_migrations: no golden case #{unknown.join(', ')} under tests/golden" unless unknown.empty?
  names &= args unless args.empty?

  goldens = Dir.exist?(SCHEMA_DIR) ? Dir.glob(File.join(SCHEMA_DIR, '*.txt')).map { |p| File.basename(p, '.txt') } : []
  if args.empty? && !(stale = goldens - names).empty?
    if ENV['GOLDEN'] == 'overwrite'
      stale.each { |s| File.delete(File.join(SCHEMA_DIR, "#{s}.txt")) }
    else
      abort "run_migrations: tests/schema/#{stale.first}.txt has no golden case: delete it"
    end
  end

  cluster = Cluster.new
  databases = FixtureDatabases.new(cluster)
  harness_ok = args.empty? ? self_test(cluster, databases, log) : true

  passed = failed = 0
  failures = []
  names.each do |name|
    dir = File.join(GOLDEN_DIR, name)
    fixture = nil
    status, count = report_case(log, name) do
      fixture = case_fixture(name)
      run_case(cluster, databases, dir: dir, fixture: fixture, golden: File.join(SCHEMA_DIR, "#{name}.txt"))
    end
    next passed += count unless status == :fail

    failures << name
    failed += (case_migrations(dir).size rescue 0)
    puts "        (fixture #{fixture || '?'}, from tests/db/fixtures.txt)"
  end
  summary = +"migrations: #{passed} passed, #{failed} failed (#{names.size} golden cases"
  summary << (failures.empty? ? ')' : "; failed: #{failures.join(', ')})")
  puts summary
  exit(failures.empty? && harness_ok ? 0 : 1)
end

main(ARGV)
