# frozen_string_literal: true

module Geo
  class GadgetRepositoryReplicator < Gitlab::Geo::Replicator
    include ::Geo::RepositoryReplicatorStrategy
    extend ::Gitlab::Utils::Override

    def self.model
      ::GadgetRepository
    end

    # @return [String] human-readable title.
    def self.replicable_title
      s_('Geo|Gadget Repository')
    end

    # @return [String] pluralized human-readable title.
    def self.replicable_title_plural
      s_('Geo|Gadget Repositories')
    end

    override :housekeeping_enabled?
    def self.housekeeping_enabled?
      # TODO: return true if this Git repository type supports git housekeeping and implements
      # #git_garbage_collect_worker_klass; otherwise leave false.
      false
    end

    def repository
      model_record.repository
    end
  end
end
