# frozen_string_literal: true

module Geo
  class GadgetRepositoryReplicator < Gitlab::Geo::Replicator
    include ::Geo::RepositoryReplicatorStrategy
    extend ::Gitlab::Utils::Override

    def self.model
      ::GadgetRepository
    end

    def self.git_access_class
      ::Gitlab::GitAccessGadget
    end

    # Replication is behind the `geo_gadget_repository_replication` feature flag
    # (geo_#{replicable_name}_replication) until it is released
    def self.replication_enabled_by_default?
      false
    end

    override :verification_feature_flag_enabled?
    def self.verification_feature_flag_enabled?
      # Verification ships together with replication, so it has no flag of
      # its own: it is off whenever the replication flag is off (see
      # VerifiableReplicator.verification_enabled?)
      true
    end

    def repository
      model_record.repository
    end
  end
end
