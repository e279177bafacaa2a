# frozen_string_literal: true

# Stand-ins for the GitLab migration helpers that generated migrations call,
# so that they run on a bare ActiveRecord + PostgreSQL. GitLab's own helpers
# are not ours to ship: each method here is a minimal equivalent written for
# these tests, with the same SQL effect (same DDL, same names, same refusal to
# run inside a transaction where GitLab refuses) and none of GitLab's timeout,
# retry or logging machinery. The README lists them.
#
# A migration that calls a GitLab helper missing here fails with the helper's
# name (see MissingStandIn below) instead of running half-way.

require 'active_record'
require 'active_record/connection_adapters/postgresql_adapter'
require 'digest'

module GeoScaffoldStandIns
  # Raised for a GitLab helper or constant these stand-ins do not provide.
  class MissingStandIn < StandardError; end

  def self.missing!(what, where)
    raise MissingStandIn,
      "no stand-in for GitLab's #{what} (called by #{where}): add one to tests/db/gitlab_stand_ins.rb"
  end

  # GitLab's hashed names: `check_` + 10 hex digits of SHA-256 over
  # "<table>_<column>_check_<kind>", `fk_` + 10 over "<table>_<column>_fk",
  # `trigger_` + 12 over "<table>_assign_<sharding key>".
  def self.hashed(prefix, identifier, digits)
    "#{prefix}#{Digest::SHA256.hexdigest(identifier)[0, digits]}"
  end
end

# --- The `datetime_with_timezone` column type (GitLab's data-types initializer).
ActiveRecord::ConnectionAdapters::PostgreSQLAdapter::NATIVE_DATABASE_TYPES[:datetime_with_timezone] =
  { name: 'timestamptz' }

module ActiveRecord
  module ConnectionAdapters
    module PostgreSQL
      # `t.datetime_with_timezone` and `t.timestamps_with_timezone` in
      # create_table and change_table blocks.
      module ColumnMethods
        def datetime_with_timezone(column_name, **options)
          column(column_name, :datetime_with_timezone, **options)
        end

        def timestamps_with_timezone(**options)
          options[:null] = false if options[:null].nil?
          %i[created_at updated_at].each { |name| column(name, :datetime_with_timezone, **options) }
        end
      end
    end
  end
end

# --- A helper without a stand-in is named, not reported as a NoMethodError on
# the connection adapter.
module GeoScaffoldStandIns
  module NameMissingHelpers
    def method_missing(name, *args, &block)
      return super if connection.respond_to?(name)

      if Gitlab::Database::MigrationHelpers.method_defined?(name)
        raise MissingStandIn,
          "#{self.class.name} calls `#{name}` without `include Gitlab::Database::MigrationHelpers` " \
          '(GitLab would fail the same way)'
      end

      GeoScaffoldStandIns.missing!("migration helper `#{name}`", self.class.name)
    end
    ruby2_keywords(:method_missing)
  end
end
ActiveRecord::Migration.prepend(GeoScaffoldStandIns::NameMissingHelpers)

module Gitlab
  def self.const_missing(name)
    GeoScaffoldStandIns.missing!("constant `Gitlab::#{name}`", 'a migration')
  end

  module Database
    def self.const_missing(name)
      GeoScaffoldStandIns.missing!("constant `Gitlab::Database::#{name}`", 'a migration')
    end

    # `include Gitlab::Database::MigrationHelpers` (GitLab 13.x and later).
    module MigrationHelpers
      def self.const_missing(name)
        GeoScaffoldStandIns.missing!("constant `Gitlab::Database::MigrationHelpers::#{name}`", 'a migration')
      end

      # CREATE INDEX CONCURRENTLY; skipped when the index exists, refused in
      # a transaction (PostgreSQL refuses it there too).
      def add_concurrent_index(table_name, column_name, options = {})
        outside_transaction!(:add_concurrent_index)
        options = options.merge(algorithm: :concurrently)
        return if index_exists?(table_name, column_name, **options)

        add_index(table_name, column_name, **options)
      end

      # DROP INDEX CONCURRENTLY of the index on these columns (or `name:`);
      # skipped when there is none.
      def remove_concurrent_index(table_name, column_name, options = {})
        outside_transaction!(:remove_concurrent_index)
        options = options.merge(algorithm: :concurrently)
        return unless index_exists?(table_name, column_name, **options)

        remove_index(table_name, **options.merge(column: column_name))
      end

      def remove_concurrent_index_by_name(table_name, index_name, options = {})
        outside_transaction!(:remove_concurrent_index_by_name)
        index_name = index_name[:name] if index_name.is_a?(Hash)
        return unless index_exists_by_name?(table_name, index_name)

        remove_index(table_name, **options.merge(name: index_name, algorithm: :concurrently))
      end

      def index_exists_by_name?(table_name, index_name)
        indexes(table_name).any? { |index| index.name == index_name.to_s }
      end

      # A CHECK constraint added NOT VALID, then validated.
      def add_check_constraint(table, check, constraint_name, validate: true)
        outside_transaction!(:add_check_constraint)
        if constraint_name.to_s.bytesize > 63
          raise ArgumentError, "constraint name #{constraint_name} is over PostgreSQL's 63-byte limit"
        end

        unless check_constraint_exists?(table, constraint_name)
          with_lock_retries do
            execute("ALTER TABLE #{quote_table_name(table)} ADD CONSTRAINT " \
                    "#{quote_column_name(constraint_name)} CHECK ( #{check} ) NOT VALID")
          end
        end
        validate_check_constraint(table, constraint_name) if validate
      end

      def validate_check_constraint(table, constraint_name)
        execute("ALTER TABLE #{quote_table_name(table)} VALIDATE CONSTRAINT #{quote_column_name(constraint_name)}")
      end

      def remove_check_constraint(table, constraint_name)
        with_lock_retries do
          execute("ALTER TABLE #{quote_table_name(table)} DROP CONSTRAINT IF EXISTS " \
                  "#{quote_column_name(constraint_name)}")
        end
      end

      def check_constraint_exists?(table, constraint_name)
        select_value(<<~SQL).present?
          SELECT 1 FROM pg_catalog.pg_constraint
          WHERE contype = 'c' AND conrelid = #{quote(table.to_s)}::regclass
            AND conname = #{quote(constraint_name.to_s)}
        SQL
      end

      def check_constraint_name(table, column, type)
        GeoScaffoldStandIns.hashed('check_', "#{table}_#{column}_check_#{type}", 10)
      end

      def text_limit_name(table, column, name: nil)
        name.presence || check_constraint_name(table, column, 'max_length')
      end

      # CHECK (char_length(column) <= limit).
      def add_text_limit(table, column, limit, constraint_name: nil, validate: true)
        add_check_constraint(table, "char_length(#{column}) <= #{limit}",
          text_limit_name(table, column, name: constraint_name), validate: validate)
      end

      def remove_text_limit(table, column, constraint_name: nil)
        remove_check_constraint(table, text_limit_name(table, column, name: constraint_name))
      end

      # CHECK (column IS NOT NULL).
      def add_not_null_constraint(table, column, constraint_name: nil, validate: true)
        name = constraint_name.presence || check_constraint_name(table, column, 'not_null')
        add_check_constraint(table, "#{column} IS NOT NULL", name, validate: validate)
      end

      def remove_not_null_constraint(table, column, constraint_name: nil)
        remove_check_constraint(table, constraint_name.presence || check_constraint_name(table, column, 'not_null'))
      end

      # A foreign key added NOT VALID, then validated; skipped when one on the
      # same column and target exists.
      def add_concurrent_foreign_key(source, target, column:, on_delete: :cascade, on_update: nil,
        target_column: :id, name: nil, validate: true, **_options)
        outside_transaction!(:add_concurrent_foreign_key)
        name ||= GeoScaffoldStandIns.hashed('fk_', "#{source}_#{column}_fk", 10)
        unless foreign_key_exists?(source, target, column: column, name: name)
          actions = [on_delete && "ON DELETE #{referential_action(on_delete)}",
            on_update && "ON UPDATE #{referential_action(on_update)}"].compact.join(' ')
          with_lock_retries do
            execute("ALTER TABLE #{quote_table_name(source)} ADD CONSTRAINT #{quote_column_name(name)} " \
                    "FOREIGN KEY (#{quote_column_name(column)}) REFERENCES #{quote_table_name(target)} " \
                    "(#{quote_column_name(target_column)}) #{actions} NOT VALID")
          end
        end
        execute("ALTER TABLE #{quote_table_name(source)} VALIDATE CONSTRAINT #{quote_column_name(name)}") if validate
      end

      def remove_foreign_key_if_exists(source, target = nil, **options)
        return unless foreign_key_exists?(source, target, **options)

        # Without a target, pass none: Rails' migration would turn a nil
        # target into the table name "".
        target ? remove_foreign_key(source, target, **options) : remove_foreign_key(source, **options)
      end

      # GitLab retries the block under a short lock_timeout, each attempt in
      # its own transaction; the stand-in makes one attempt. Inside its own
      # block it just yields; inside any other transaction it refuses.
      def with_lock_retries(*_args, **_options)
        return yield if transaction_open? && @in_lock_retries
        raise 'with_lock_retries can not be run inside an already open transaction' if transaction_open?

        begin
          @in_lock_retries = true
          transaction { yield }
        ensure
          @in_lock_retries = false
        end
      end

      # GitLab lifts statement_timeout for the block; the test server has none.
      def disable_statement_timeout
        yield
      end

      def add_timestamps_with_timezone(table_name, **options)
        options[:null] = false if options[:null].nil?
        %i[created_at updated_at].each do |name|
          add_column(table_name, name, :datetime_with_timezone, **options) unless column_exists?(table_name, name)
        end
      end

      def remove_timestamps(table_name, **options)
        %i[created_at updated_at].each do |name|
          remove_column(table_name, name, **options) if column_exists?(table_name, name)
        end
      end

      # A BEFORE INSERT OR UPDATE trigger that copies the sharding key from
      # the parent row (GitLab 17+ `_states` tables).
      def install_sharding_key_assignment_trigger(table:, sharding_key:, parent_table:, parent_sharding_key:,
        foreign_key:, parent_table_primary_key: nil, trigger_name: nil)
        name = trigger_name || GeoScaffoldStandIns.hashed('trigger_', "#{table}_assign_#{sharding_key}", 12)
        key = quote_column_name(sharding_key)
        parent = quote_table_name(parent_table)
        execute(<<~SQL)
          CREATE OR REPLACE FUNCTION #{name}() RETURNS TRIGGER LANGUAGE PLPGSQL AS $$
          BEGIN
            IF NEW.#{key} IS NULL THEN
              SELECT #{quote_column_name(parent_sharding_key)} INTO NEW.#{key} FROM #{parent}
              WHERE #{parent}.#{quote_column_name(parent_table_primary_key || 'id')} = NEW.#{quote_column_name(foreign_key)};
            END IF;
            RETURN NEW;
          END
          $$
        SQL
        execute("DROP TRIGGER IF EXISTS #{name} ON #{quote_table_name(table)}")
        execute("CREATE TRIGGER #{name} BEFORE INSERT OR UPDATE ON #{quote_table_name(table)} " \
                "FOR EACH ROW EXECUTE FUNCTION #{name}()")
      end

      def remove_sharding_key_assignment_trigger(table:, sharding_key:, trigger_name: nil, **_options)
        name = trigger_name || GeoScaffoldStandIns.hashed('trigger_', "#{table}_assign_#{sharding_key}", 12)
        execute("DROP TRIGGER IF EXISTS #{name} ON #{quote_table_name(table)}")
        execute("DROP FUNCTION IF EXISTS #{name}()")
      end

      private

      def outside_transaction!(helper)
        return unless transaction_open?

        raise "#{helper} can not be run inside a transaction: call disable_ddl_transaction! in the migration class"
      end

      def referential_action(action)
        action == :nullify ? 'SET NULL' : action.to_s.upcase.tr('_', ' ')
      end

      # `include Gitlab::Database::MigrationHelpers::V2` (Gitlab::Database::Migration[1.0] and later).
      module V2
        include MigrationHelpers

        # create_table where `t.text :x, limit: N` also adds the
        # CHECK (char_length(x) <= N) constraint, inside the CREATE TABLE.
        def create_table(table_name, *args, **options, &block)
          helper = self
          super(table_name, *args, **options) do |t|
            t.define_singleton_method(:text) do |column_name, **column_options|
              limit = column_options.delete(:limit)
              super(column_name, **column_options)
              next unless limit

              t.check_constraint("char_length(#{helper.quote_column_name(column_name)}) <= #{limit}",
                name: helper.send(:text_limit_name, table_name, column_name))
            end
            block&.call(t)
          end
        end
      end
    end

    # `class X < Gitlab::Database::Migration[2.2]`: ActiveRecord's migration
    # with the V2 helpers, `milestone` (required from 2.2, as GitLab does),
    # and the class-level switches GitLab adds.
    class Migration
      VERSIONS = %w[1.0 2.0 2.1 2.2 2.3].freeze

      # Class-level calls of GitLab's migration classes.
      module ClassMethods
        def milestone(value = nil)
          return @milestone if value.nil?
          raise ArgumentError, "milestone '#{value}' is not MAJOR.MINOR" unless value.to_s.match?(/\A\d+\.\d+\z/)

          @milestone = value.to_s
        end

        # Runs the whole migration under lock retries; one attempt here.
        def enable_lock_retries!
          @enable_lock_retries = true
        end

        # Which GitLab database schema the migration may touch; the test
        # databases hold one schema each.
        def restrict_gitlab_migration(gitlab_schema:)
          @gitlab_schema = gitlab_schema
        end
      end

      def self.[](version)
        version = version.to_s
        unless VERSIONS.include?(version)
          GeoScaffoldStandIns.missing!("migration class `Gitlab::Database::Migration[#{version}]`", 'a migration')
        end

        @classes ||= {}
        @classes[version] ||= build(version)
      end

      def self.build(version)
        needs_milestone = Gem::Version.new(version) >= Gem::Version.new('2.2')
        Class.new(ActiveRecord::Migration[6.1]) do
          include Gitlab::Database::MigrationHelpers::V2
          extend ClassMethods

          define_method(:initialize) do |*args|
            super(*args)
            if needs_milestone && self.class.milestone.nil?
              raise "Milestone is not set for #{name}: Migration[#{version}] requires `milestone 'MAJOR.MINOR'`"
            end
          end
        end
      end
    end
  end
end
