# frozen_string_literal: true

module Geo
  class GadgetRepositoryRegistry < Geo::BaseRegistry
    include ::Geo::ReplicableRegistry
    include ::Geo::VerifiableRegistry

    belongs_to :gadget_repository, class_name: 'GadgetRepository'

    def self.model_class
      ::GadgetRepository
    end

    def self.model_foreign_key
      :gadget_repository_id
    end
  end
end
