# frozen_string_literal: true

module EE
  module Terraform
    module State
      extend ActiveSupport::Concern

      prepended do
        include ::Gitlab::Geo::ReplicableModel

        with_replicator Geo::TerraformStateReplicator

        scope :checksummed, -> { where.not(verification_checksum: nil) }
        scope :checksum_failed, -> { where.not(verification_failure: nil) }

        scope :with_files_stored_locally, -> { where(file_store: ::ObjectStorage::Store::LOCAL) }
      end

      def local?
        file_store == ::ObjectStorage::Store::LOCAL
      end
    end
  end
end
